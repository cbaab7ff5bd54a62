// DispatchClient against a real server: resync after reconnects and gaps, the offline outbox (IndexedDB,
// fake-indexeddb in node), resends that the server applies once, presence batches.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { initialState } from '../../shared/reducer';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import type { CommandInput } from '../../shared/commands';
import { DispatchClient, type DispatchClientOptions } from '../../client/net/dispatch-client';
import { indexedDbOutboxStorage } from '../../client/net/indexeddb-outbox-storage';
import { memoryOutboxStorage } from '../../client/net/outbox-storage';
import { DISPATCHERS_ROOM } from '../../server/domain/audience';
import { ownRecord } from '../../shared/ids';
import { principals } from '../support/test-auth';
import { ackRef, connectAs } from '../support/test-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { dropConnection, goOffline, goOnline, isLive, waitForSnapshot } from './wait';

let running: TestServer;
const clients: DispatchClient[] = [];

const accounts = {
  dispatcher: principals.dispatcher('dieu-phoi'),
  dispatcher2: principals.dispatcher('dieu-phoi-2'),
  post: principals.post('ky-phu'),
  officer: principals.officer('kp-1'),
};
const tokenOf = (who: keyof typeof accounts) => running.tokenFor(accounts[who]);

function connect(token: string, options: Partial<DispatchClientOptions> = {}): DispatchClient {
  const client = new DispatchClient({
    token,
    url: running.url,
    baseState: initialState(running.cluster),
    retry: { baseMs: 50, maxMs: 400 },
    socketOptions: { reconnectionDelay: 50, reconnectionDelayMax: 200 },
    ...options,
  });
  clients.push(client);
  return client;
}

const raise = (note: string): CommandInput => ({
  id: crypto.randomUUID(),
  type: 'request:raise',
  data: { kind: 'fight', priority: 'critical', note },
});

const requestsOf = (running: TestServer) => Object.values(running.server.engine.state.requests);

beforeEach(async () => {
  running = await startTestServer();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.stop();
  await running.stop();
});

describe('resync', () => {
  it('a dispatcher that reconnects after missing events mirrors exactly the server state', async () => {
    const dispatcher = connect(tokenOf('dispatcher'), { role: 'dispatcher' });
    const post = connect(tokenOf('post'), { role: 'post', outbox: memoryOutboxStorage() });
    await Promise.all([dispatcher.start(), post.start()]);
    await waitForSnapshot(dispatcher, isLive, 'dispatcher live');
    expect(await post.send(raise('trước khi mất mạng'))).toMatchObject({ ok: true });

    goOffline(dispatcher);
    await waitForSnapshot(dispatcher, (s) => s.connection.kind !== 'live', 'dispatcher offline');
    const second = await post.send(raise('trong lúc mất mạng'));
    expect(second.ok).toBe(true);
    const other = connect(tokenOf('dispatcher2'), { role: 'dispatcher' });
    await other.start();
    await waitForSnapshot(other, isLive, 'second dispatcher live');
    const assigned = await other.send({
      type: 'assignment:assign',
      data: { requestId: second.ok && 'ref' in second ? String(second.ref) : '', officerId: 'kp-1' },
    });
    // The officer is off duty at start, so the server refuses: still an event-free answer to mirror.
    expect(assigned.ok ? 'ok' : assigned.code).toBe('officer_unavailable');
    await other.send({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'kp-2' } });

    goOnline(dispatcher);
    const head = running.server.engine.state.seq;
    const synced = await waitForSnapshot(dispatcher, (s) => isLive(s) && s.state.seq === head, 'resynced');
    expect(synced.state).toEqual(running.server.engine.state);
    expect(Object.keys(synced.state.requests)).toHaveLength(2);
  });

  it('a dispatcher that sees a gap in seq resyncs instead of applying the event', async () => {
    const dispatcher = connect(tokenOf('dispatcher'), { role: 'dispatcher' });
    const post = connect(tokenOf('post'), { role: 'post', outbox: memoryOutboxStorage() });
    await Promise.all([dispatcher.start(), post.start()]);
    await waitForSnapshot(dispatcher, isLive, 'dispatcher live');
    const replayed: number[] = [];
    dispatcher.onEvent((e, { live }) => {
      if (!live) replayed.push(e.seq);
    });

    // Take the dispatcher's socket out of the broadcast room so one event never reaches it.
    running.server.io.in(dispatcher.socket.id ?? '').socketsLeave('dispatchers');
    await post.send(raise('bị lỡ'));
    running.server.io.in(dispatcher.socket.id ?? '').socketsJoin('dispatchers');
    await post.send(raise('đến sau chỗ hổng'));

    const head = running.server.engine.state.seq;
    const synced = await waitForSnapshot(dispatcher, (s) => s.state.seq === head, 'caught up');
    expect(synced.state).toEqual(running.server.engine.state);
    expect(replayed).toContain(1); // the missed event came through the resync
  });

  it('an officer assigned a request it never saw fetches its whole view, so the request comes with it', async () => {
    const officer = connect(tokenOf('officer'), { role: 'officer', outbox: memoryOutboxStorage() });
    await officer.start();
    await waitForSnapshot(officer, isLive, 'officer live');
    expect(await officer.send({ type: 'officer:set_duty', data: { duty: 'available' } })).toMatchObject({ ok: true });
    const post = await connectAs(running, accounts.post);
    const dispatcher = await connectAs(running, accounts.dispatcher);
    try {
      const raised = await post.command(raise('chưa giao cho ai'));
      const requestId = ackRef(raised);
      expect(ownRecord(officer.getSnapshot().state.requests, requestId)).toBeUndefined();
      const syncs: boolean[] = [];
      officer.socket.onAnyOutgoing((name: string, request: { snapshot?: boolean }) => {
        if (name === 'sync') syncs.push(request.snapshot === true);
      });

      // The officer's room gets assignment:created, which names a request outside its view until now.
      const assigned = await dispatcher.command({ type: 'assignment:assign', data: { requestId, officerId: 'kp-1' } });
      expect(assigned.ok).toBe(true);
      const s = await waitForSnapshot(officer, (x) => ownRecord(x.state.requests, requestId) !== undefined, 'request');
      expect(ownRecord(s.state.requests, requestId)?.note).toBe('chưa giao cho ai');
      expect(ownRecord(s.state.assignments, ackRef(assigned))?.requestId).toBe(requestId);
      expect(syncs).toEqual([true]); // one snapshot of the whole view, not a sync per event
    } finally {
      post.close();
      dispatcher.close();
    }
  });

  it('a post keeps its filtered view through a dropped connection', async () => {
    const post = connect(tokenOf('post'), { role: 'post', outbox: memoryOutboxStorage() });
    await post.start();
    await waitForSnapshot(post, isLive, 'post live');
    await post.send(raise('một'));
    dropConnection(post);
    await waitForSnapshot(post, (s) => s.connection.kind !== 'live', 'post dropped');
    await waitForSnapshot(post, isLive, 'post back');
    await post.send(raise('hai'));
    const s = await waitForSnapshot(post, (x) => Object.keys(x.state.requests).length === 2, 'two requests');
    expect(
      Object.values(s.state.requests)
        .map((r) => r.note)
        .sort(),
    ).toEqual(['hai', 'một']);
  });
});

describe('outbox', () => {
  it('two requests raised offline are shown queued, then delivered once each, in order, on reconnect', async () => {
    const post = connect(tokenOf('post'), { role: 'post', outbox: indexedDbOutboxStorage('outbox:test-a') });
    await post.start();
    await waitForSnapshot(post, isLive, 'post live');
    goOffline(post);
    await waitForSnapshot(post, (s) => s.connection.kind !== 'live', 'post offline');

    const first = post.send(raise('thứ nhất'));
    const second = post.send(raise('thứ hai'));
    const queued = await waitForSnapshot(post, (s) => s.outbox.length === 2, 'two queued');
    expect(queued.outbox.map((i) => i.status)).toEqual(['queued', 'queued']);
    expect(requestsOf(running)).toHaveLength(0);

    goOnline(post);
    const acks = await Promise.all([first, second]);
    expect(acks.map((a) => a.ok)).toEqual([true, true]);
    expect(
      requestsOf(running)
        .sort((a, b) => a.number - b.number)
        .map((r) => r.note),
    ).toEqual(['thứ nhất', 'thứ hai']);
    await waitForSnapshot(post, (s) => s.outbox.length === 0 && Object.keys(s.state.requests).length === 2, 'done');
  });

  it('the outbox survives a reload: a new client on the same IndexedDB key sends what the old one queued', async () => {
    const before = connect(tokenOf('post'), { role: 'post', outbox: indexedDbOutboxStorage('outbox:test-b') });
    // Never started: the page had no connection at all.
    void before.send(raise('trước khi tải lại 1'));
    void before.send(raise('trước khi tải lại 2'));
    await waitForSnapshot(before, (s) => s.outbox.length === 2, 'queued before reload');
    before.stop();

    const after = connect(tokenOf('post'), { role: 'post', outbox: indexedDbOutboxStorage('outbox:test-b') });
    await after.start();
    await waitForSnapshot(after, (s) => isLive(s) && s.outbox.length === 0, 'flushed after reload');
    expect(
      requestsOf(running)
        .map((r) => r.note)
        .sort(),
    ).toEqual(['trước khi tải lại 1', 'trước khi tải lại 2']);
    await expect.poll(() => indexedDbOutboxStorage('outbox:test-b').load()).toEqual([]);
  });

  it('a resend after a lost ack is applied once (same client id)', async () => {
    const command = raise('ack bị mất');
    // First delivery on a raw socket whose ack nobody waits for: the server applied it, the device never knew.
    const raw = io(running.url, {
      transports: ['websocket'],
      auth: { token: tokenOf('post'), protocol: PROTOCOL_VERSION },
    });
    await new Promise<void>((resolve) => raw.emit('command', command, () => resolve()));
    raw.close();
    expect(requestsOf(running)).toHaveLength(1);

    const storage = memoryOutboxStorage([
      { command: { ...command, sentAt: Date.now() } as never, queuedAt: Date.now(), attempts: 1, lastError: null },
    ]);
    const post = connect(tokenOf('post'), { role: 'post', outbox: storage });
    await post.start();
    await waitForSnapshot(post, (s) => isLive(s) && s.outbox.length === 0, 'resent');
    expect(requestsOf(running)).toHaveLength(1);
    await expect.poll(() => storage.load()).toEqual([]);
  });

  it('a rate-limited command stays queued and is retried until delivered, still once each and in order', async () => {
    await running.stop();
    running = await startTestServer({ deps: { rateLimit: { burst: 2, perSecond: 4 } } });
    const post = connect(tokenOf('post'), { role: 'post', outbox: memoryOutboxStorage() });
    const notes = ['1', '2', '3', '4', '5', '6'];
    const acks = notes.map((n) => post.send(raise(n)));
    await post.start();
    expect((await Promise.all(acks)).every((a) => a.ok)).toBe(true);
    expect(
      requestsOf(running)
        .sort((a, b) => a.number - b.number)
        .map((r) => r.note),
    ).toEqual(notes);
  });

  it('a queued request can be cancelled before it leaves the device', async () => {
    const post = connect(tokenOf('post'), { role: 'post', outbox: memoryOutboxStorage() });
    const keep = raise('giữ');
    const drop = raise('hủy');
    const kept = post.send(keep);
    const dropped = post.send(drop);
    await waitForSnapshot(post, (s) => s.outbox.length === 2, 'queued');
    expect(await post.cancelQueued(drop.id)).toBe(true);
    expect(await dropped).toMatchObject({ ok: false, code: 'cancelled_locally' });
    await post.start();
    expect(await kept).toMatchObject({ ok: true });
    expect(requestsOf(running).map((r) => r.note)).toEqual(['giữ']);
  });

  it('a refusal is definitive: removed from the outbox and kept in refusals', async () => {
    const post = connect(tokenOf('post'), { role: 'post', outbox: memoryOutboxStorage() });
    await post.start();
    const ack = await post.send({ type: 'request:cancel', data: { requestId: 'r9999' } });
    expect(ack).toMatchObject({ ok: false, code: 'not_found' });
    const s = post.getSnapshot();
    expect(s.outbox).toEqual([]);
    expect(s.refusals.map((r) => r.code)).toEqual(['not_found']);
  });
});

describe('presence', () => {
  it('a batch of officers coming online is applied in one snapshot update', async () => {
    const dispatcher = connect(tokenOf('dispatcher'), { role: 'dispatcher' });
    await dispatcher.start();
    await waitForSnapshot(dispatcher, isLive, 'dispatcher live');
    const frames: number[] = [];
    dispatcher.socket.on('presence', (updates) => frames.push(updates.length));
    let presenceChanges = 0;
    let seen = dispatcher.getSnapshot().presence;
    dispatcher.subscribe(() => {
      const now = dispatcher.getSnapshot().presence;
      if (now !== seen) presenceChanges += 1;
      seen = now;
    });
    const ids = running.cluster.officers.map((o) => o.id);
    const officers = await Promise.all(ids.map((id) => connectAs(running, principals.officer(id))));
    try {
      running.flushPresence();
      const s = await waitForSnapshot(dispatcher, (x) => Object.keys(x.presence).length === ids.length, 'all online');
      expect(frames).toEqual([ids.length]);
      expect(presenceChanges).toBe(1);
      expect(ids.every((id) => ownRecord(s.presence, id)?.online === true)).toBe(true);
    } finally {
      for (const o of officers) o.close();
    }
  });
});

describe('presence order', () => {
  it('an older change arriving after a newer one (two nodes, two batch timers) does not undo it', async () => {
    const dispatcher = connect(tokenOf('dispatcher'), { role: 'dispatcher' });
    await dispatcher.start();
    await waitForSnapshot(dispatcher, isLive, 'dispatcher live');
    const server = running.server.io;
    // The node it reconnected to says online; the node it left says offline, later, about an earlier moment.
    server.to(DISPATCHERS_ROOM).emit('presence', [{ officerId: 'kp-1', online: true, since: 2_000 }]);
    server.to(DISPATCHERS_ROOM).emit('presence', [{ officerId: 'kp-1', online: false, since: 1_000 }]);
    server.to(DISPATCHERS_ROOM).emit('presence', [{ officerId: 'pl-1', online: true, since: 3_000 }]);
    const s = await waitForSnapshot(dispatcher, (x) => ownRecord(x.presence, 'pl-1') !== undefined, 'marker');
    expect(ownRecord(s.presence, 'kp-1')).toEqual({ officerId: 'kp-1', online: true, since: 2_000 });
  });
});

describe('connection status', () => {
  it('an unknown or expired token is refused with its code, not retried forever', async () => {
    const client = connect('no-such-token');
    await client.start();
    const s = await waitForSnapshot(client, (x) => x.connection.kind === 'refused', 'refused');
    expect(s.connection).toMatchObject({ kind: 'refused', code: 'unauthenticated' });
  });

  it('an officer position reported offline is sent (only the latest) when the link returns', async () => {
    const officer = connect(tokenOf('officer'), { role: 'officer', outbox: memoryOutboxStorage() });
    await officer.start();
    await waitForSnapshot(officer, isLive, 'officer live');
    goOffline(officer);
    await waitForSnapshot(officer, (s) => s.connection.kind !== 'live', 'officer offline');
    const at = running.clock.now(); // the server refuses fixes minutes off its own clock
    officer.reportPosition({ lat: 20.21, lon: 105.74, accuracy: 12, at });
    officer.reportPosition({ lat: 20.22, lon: 105.75, accuracy: 8, at: at + 1000 });
    expect(officer.getSnapshot().pendingFix?.lat).toBe(20.22);
    goOnline(officer);
    const s = await waitForSnapshot(officer, (x) => x.lastFixSentAt !== null && x.pendingFix === null, 'fix sent');
    expect(s.pendingFix).toBeNull();
  });
});
