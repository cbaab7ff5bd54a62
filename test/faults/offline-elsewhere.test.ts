// The offline-officer alert with two nodes sharing the Socket.IO Redis adapter: only the timer lease
// holder decides, and an officer connected to the other node is not "offline" there. Once the officer
// is gone from every node, the alert comes after the interval, once. Real Redis, fake clocks.
import { afterEach, describe, expect, it } from 'vitest';
import { principals } from '../support/test-auth';
import { eventually } from '../support/test-client';
import { adapterNodes } from '../redis/support/adapter-nodes';

const MIN = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('offline alert across nodes', () => {
  const nodes = adapterNodes('offline', { offlineAlertMs: 2 * MIN });
  const { connect } = nodes;
  afterEach(() => nodes.close());

  it('an officer connected to another node is not reported offline; gone from both, it is, once', async () => {
    const a = await nodes.node('node-a', { holder: true });
    const b = await nodes.node('node-b', { holder: false });
    const d = await connect(a, principals.dispatcher());
    const onA = await connect(a, principals.officer('pl-1'));
    await d.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'pl-1' } });
    const r = await d.command({
      type: 'request:raise',
      data: { kind: 'fight', priority: 'high', commune: 'phu-long' },
    });
    const requestId = r.ok ? (r.ref ?? '') : '';
    const assigned = await d.command({ type: 'assignment:assign', data: { requestId, officerId: 'pl-1' } });
    const assignmentId = assigned.ok ? (assigned.ref ?? '') : '';
    expect(await onA.command({ type: 'assignment:accept', data: { assignmentId } })).toMatchObject({ ok: true });
    // The phone moves to node B (a reconnect through the balancer).
    const onB = await connect(b, principals.officer('pl-1'));
    onA.close();
    // Node A asks the others before saying "offline": it learns the phone is on node B and stays quiet.
    await eventually(() => a.server.presence.lastSeenElsewhere('pl-1') !== null);
    // Node A's presence batch goes out; a round trip on the dispatcher's socket, and it has arrived.
    a.flushPresence();
    expect(await d.sync(0)).toMatchObject({ ok: true });
    expect(d.presence.filter((p) => p.officerId === 'pl-1' && p.online)).not.toEqual([]);
    expect(d.presence.filter((p) => p.officerId === 'pl-1' && !p.online)).toEqual([]);
    const steps = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await a.advance(10_000);
        await sleep(60); // lets the between-ticks question to the other node come back
      }
    };
    await steps(18); // three minutes
    expect(d.events.filter((e) => e.type === 'officer:offline_alert')).toEqual([]);
    onB.close();
    await steps(18);
    await eventually(() => d.events.some((e) => e.type === 'officer:offline_alert'));
    await steps(12);
    expect(d.events.filter((e) => e.type === 'officer:offline_alert')).toHaveLength(1);
    expect(b.server.engine.state.seq).toBe(0); // node B (no lease, its own journal here) decided nothing
  }, 30_000);
});
