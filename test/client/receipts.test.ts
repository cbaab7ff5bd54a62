// Receipts from real DispatchClients against a real server: an officer's device reports each assignment
// it holds as delivered, once, also when it only learns of it after a reconnect; consoles mark open
// requests seen once each, and only the first console's receipt is recorded.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandInput } from '../../shared/commands';
import { initialState } from '../../shared/reducer';
import { DispatchClient } from '../../client/net/dispatch-client';
import { memoryOutboxStorage } from '../../client/net/outbox-storage';
import { ReceiptSender, startDeliveryReceipts } from '../../client/net/receipts';
import { unseenRequests } from '../../shared/receipts';
import { principals } from '../support/test-auth';
import { connectAs, type TestClient } from '../support/test-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { dropConnection, goOffline, goOnline, isLive, waitForSnapshot } from './wait';

let server: TestServer;
let dispatcher: TestClient;
const clients: DispatchClient[] = [];
const stops: (() => void)[] = [];

function client(principal: Parameters<TestServer['tokenFor']>[0], outbox = false): DispatchClient {
  const c = new DispatchClient({
    token: server.tokenFor(principal),
    url: server.url,
    role: principal.role,
    baseState: initialState(server.cluster),
    retry: { baseMs: 50, maxMs: 400 },
    socketOptions: { reconnectionDelay: 50, reconnectionDelayMax: 200 },
    ...(outbox ? { outbox: memoryOutboxStorage() } : {}),
  });
  clients.push(c);
  return c;
}

/** Counts the commands of `type` this client actually put on the wire. */
function countSent(c: DispatchClient, type: CommandInput['type']): () => number {
  let n = 0;
  c.socket.onAnyOutgoing((event: string, command: CommandInput) => {
    if (event === 'command' && command.type === type) n += 1;
  });
  return () => n;
}

/** Every event of `type` in the server's log (a sync from 0 returns them all). */
async function eventsOfType(type: string) {
  const result = await dispatcher.sync(0);
  if (!result.ok || result.mode !== 'events') throw new Error('expected the events from seq 0');
  return result.events.filter((e) => e.type === type);
}

async function raiseAndAssign(officerId: string): Promise<{ requestId: string; assignmentId: string }> {
  const post = await connectAs(server, principals.post('phu-long'));
  const raised = await post.command({ type: 'request:raise', data: { kind: 'fight', priority: 'high' } });
  post.close();
  if (!raised.ok) throw new Error(raised.message);
  const requestId = String(raised.ref);
  const assigned = await dispatcher.command({ type: 'assignment:assign', data: { requestId, officerId } });
  if (!assigned.ok) throw new Error(assigned.message);
  return { requestId, assignmentId: String(assigned.ref) };
}

beforeEach(async () => {
  server = await startTestServer();
  dispatcher = await connectAs(server, principals.dispatcher());
  await dispatcher.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'pl-1' } });
});
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  for (const c of clients.splice(0)) c.stop();
  dispatcher.close();
  await server.stop();
});

describe('delivered receipts from the officer device', () => {
  it('an assignment is reported delivered once, through later changes and a reconnect', async () => {
    const officer = client(principals.officer('pl-1'), true);
    const sent = countSent(officer, 'assignment:mark_delivered');
    stops.push(startDeliveryReceipts(officer, 'pl-1'));
    await officer.start();
    await waitForSnapshot(officer, isLive, 'officer live');

    const { assignmentId } = await raiseAndAssign('pl-1');
    await waitForSnapshot(officer, (s) => s.state.assignments[assignmentId]?.deliveredAt != null, 'delivered');
    expect(server.server.engine.state.assignments[assignmentId]?.deliveredAt).toEqual(expect.any(Number));

    // More changes to the same assignment, position reports and a dropped connection: no second receipt.
    expect(await officer.send({ type: 'assignment:accept', data: { assignmentId } })).toMatchObject({ ok: true });
    officer.reportPosition({ lat: 20.25, lon: 105.7, accuracy: 10, at: Date.now() });
    dropConnection(officer);
    await waitForSnapshot(officer, (s) => !isLive(s), 'dropped');
    await waitForSnapshot(officer, isLive, 'back');
    expect(
      await officer.send({ type: 'assignment:advance', data: { assignmentId, status: 'en_route' } }),
    ).toMatchObject({ ok: true });
    expect(sent()).toBe(1);
    expect(await eventsOfType('assignment:delivered')).toHaveLength(1);
  });

  it('an officer offline when assigned reports the delivery after reconnecting, once', async () => {
    const officer = client(principals.officer('pl-1'), true);
    const sent = countSent(officer, 'assignment:mark_delivered');
    stops.push(startDeliveryReceipts(officer, 'pl-1'));
    await officer.start();
    await waitForSnapshot(officer, isLive, 'officer live');
    goOffline(officer);
    await waitForSnapshot(officer, (s) => !isLive(s), 'offline');

    const { assignmentId } = await raiseAndAssign('pl-1');
    expect(server.server.engine.state.assignments[assignmentId]?.deliveredAt).toBeNull();
    goOnline(officer);
    await waitForSnapshot(officer, (s) => s.state.assignments[assignmentId]?.deliveredAt != null, 'delivered');
    expect(sent()).toBe(1);
  });
});

describe('seen receipts from consoles', () => {
  it('two consoles mark an open request seen once each; the first is recorded, closed requests never', async () => {
    const first = client(principals.dispatcher('disp-1'));
    const second = client(principals.dispatcher('disp-2'));
    const sentByFirst = countSent(first, 'request:mark_seen');
    const sentBySecond = countSent(second, 'request:mark_seen');
    await Promise.all([first.start(), second.start()]);
    await Promise.all([waitForSnapshot(first, isLive, 'first live'), waitForSnapshot(second, isLive, 'second live')]);

    const open = await raiseAndAssign('pl-1');
    const post = await connectAs(server, principals.post('phu-long'));
    const closed = await post.command({ type: 'request:raise', data: { kind: 'theft', priority: 'normal' } });
    await post.command({ type: 'request:cancel', data: { requestId: String(closed.ok && closed.ref) } });
    post.close();
    const head = server.seq();
    await waitForSnapshot(first, (s) => s.state.seq === head, 'first caught up');
    await waitForSnapshot(second, (s) => s.state.seq === head, 'second caught up');

    const firstSender = new ReceiptSender(first);
    const secondSender = new ReceiptSender(second);
    expect(unseenRequests(first.getSnapshot().state)).toEqual([open.requestId]);
    firstSender.seen(unseenRequests(first.getSnapshot().state));
    await waitForSnapshot(second, (s) => s.state.requests[open.requestId]?.seenAt != null, 'seen reaches others');
    // The second console rendered before the receipt arrived: it sends too, and changes nothing.
    secondSender.seen([open.requestId]);
    firstSender.seen([open.requestId]);
    await expect.poll(sentBySecond).toBe(1);
    expect(sentByFirst()).toBe(1);
    expect(await eventsOfType('request:seen')).toHaveLength(1);
    expect(server.server.engine.state.requests[open.requestId]?.seenBy).toBe('disp-1');
    expect(unseenRequests(second.getSnapshot().state)).toEqual([]);
  });
});
