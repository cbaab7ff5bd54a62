// A node dies (SIGKILL) behind the load balancer: its clients reconnect to another node and resync
// with nothing lost, and the timers keep running because another node takes the lease.
import { afterEach, describe, expect, it } from 'vitest';
import { DispatchClient } from '../../client/net/dispatch-client';
import { memoryOutboxStorage } from '../../client/net/outbox-storage';
import type { DispatchEvent } from '../../shared/events';
import { initialState } from '../../shared/reducer';
import { principals } from '../support/test-auth';
import { connectAs, eventually, type TestClient } from '../support/test-client';
import { seedCluster } from '../support/cluster-fixture';
import { TestNodes } from './support/multi-node-harness';
import { REDIS_URL, deletePrefix, inspector, uniquePrefix } from './support/redis-test-env';
import { TcpBalancer } from './support/tcp-balancer';

describe('a node killed with SIGKILL', () => {
  const prefix = uniquePrefix('failover');
  // Short lease and deadline so the takeover and the expiry happen within seconds.
  const nodes = new TestNodes({
    redisUrl: REDIS_URL,
    prefix,
    env: { REDIS_LEASE_MS: '1500', ASSIGNMENT_DEADLINE_S: '3', UNASSIGNED_ALERT_S: '600' },
  });
  const stops: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    await nodes.stop();
    await deletePrefix(prefix);
  }, 90_000);

  it('its clients reconnect to another node and resync with nothing lost; timers keep running', async () => {
    // B starts alone, so it holds the timer lease.
    const b = await nodes.start('node-b');
    expect(b.output.join('\n')).toContain('now runs the timers for all nodes');
    const [a, c] = await Promise.all([nodes.start('node-a'), nodes.start('node-c')]);
    const balancer = await TcpBalancer.start([a.port, b.port, c.port]);
    stops.push(() => balancer.close());

    // The dispatcher's console and the officer's phone go through the balancer and land on B.
    balancer.prefer = b.port;
    const seed = seedCluster;
    const open = (token: string, extra: Partial<ConstructorParameters<typeof DispatchClient>[0]> = {}) => {
      const client = new DispatchClient({
        token,
        url: balancer.url,
        socketOptions: { reconnectionDelay: 100, reconnectionDelayMax: 300 },
        retry: { baseMs: 100, maxMs: 500 },
        ...extra,
      });
      stops.push(() => client.stop());
      void client.start();
      return client;
    };
    const live = (client: DispatchClient) => eventually(() => client.getSnapshot().connection.kind === 'live', 15_000);
    const desk = open(nodes.tokenFor(principals.dispatcher('disp-1')), {
      role: 'dispatcher',
      baseState: initialState(seed),
    });
    const phone = open(nodes.tokenFor(principals.officer('pl-2')), {
      role: 'officer',
      outbox: memoryOutboxStorage(),
    });
    await Promise.all([live(desk), live(phone)]);
    balancer.prefer = null;
    const post: TestClient = await connectAs(nodes.at(a), principals.post('phu-long'));
    stops.push(() => post.close());

    expect(await phone.send({ type: 'officer:set_duty', data: { duty: 'available' } })).toMatchObject({ ok: true });
    const first = await post.command({ type: 'request:raise', data: { kind: 'fire', priority: 'critical' } });
    const firstId = first.ok ? (first.ref ?? '') : '';
    await eventually(() => desk.getSnapshot().state.requests[firstId] !== undefined, 10_000);
    const assigned = await desk.send({ type: 'assignment:assign', data: { requestId: firstId, officerId: 'pl-2' } });
    expect(assigned).toMatchObject({ ok: true });
    const assignmentId = assigned.ok ? (assigned.ref ?? '') : '';
    await eventually(() => phone.getSnapshot().state.assignments[assignmentId]?.status === 'pending', 10_000);

    // B dies before the deadline, holding the lease and both clients' connections.
    await b.kill('SIGKILL');
    // Written on A while the clients are away from B.
    const second = await post.command({ type: 'request:raise', data: { kind: 'theft', priority: 'normal' } });
    expect(second).toMatchObject({ ok: true });
    const secondId = second.ok ? (second.ref ?? '') : '';

    // Another node took the lease and expired the unanswered assignment, once.
    await eventually(() => desk.getSnapshot().state.assignments[assignmentId]?.status === 'expired', 20_000);
    await eventually(() => phone.getSnapshot().state.assignments[assignmentId]?.status === 'expired', 20_000);
    expect(desk.getSnapshot().state.requests[secondId]).toMatchObject({ kind: 'theft' });
    const survivors = [a, c].map((n) => n.output.join('\n'));
    expect(survivors.some((out) => out.includes('now runs the timers for all nodes'))).toBe(true);

    // Nothing lost: the console's mirror equals the log folded afresh, and the log is gap-free
    // with exactly one expiry.
    const redis = await inspector();
    const entries = await redis.xRange(`${prefix}log`, '-', '+');
    redis.destroy();
    const events = entries.map((e) => JSON.parse(String(e.message.e)) as DispatchEvent);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'assignment:expired')).toHaveLength(1);
    await eventually(() => desk.getSnapshot().state.seq === events.length, 10_000);
    const fresh = await connectAs(nodes.at(c), principals.dispatcher('disp-2'));
    stops.push(() => fresh.close());
    const view = await fresh.sync(0, true);
    expect(view.ok && view.mode === 'snapshot' && view.state.requests).toEqual(desk.getSnapshot().state.requests);
    expect(view.ok && view.mode === 'snapshot' && view.state.assignments).toEqual(desk.getSnapshot().state.assignments);
  }, 90_000);
});
