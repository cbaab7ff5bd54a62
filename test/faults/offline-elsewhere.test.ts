// The offline-officer alert with two nodes sharing the Socket.IO Redis adapter: only the timer lease
// holder decides, and an officer connected to the other node is not "offline" there. Once the officer
// is gone from every node, the alert comes after the interval, once. Real Redis, fake clocks.
import { afterEach, describe, expect, it } from 'vitest';
import { installRedisAdapter, type RedisAdapterHandle } from '../../server/cluster-node/redis-adapter';
import { principals } from '../support/test-auth';
import { connectAs, eventually, type TestClient } from '../support/test-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { REDIS_URL, deletePrefix, uniquePrefix } from '../redis/support/redis-test-env';

const MIN = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('offline alert across nodes', () => {
  const prefix = uniquePrefix('offline');
  const adapters: RedisAdapterHandle[] = [];
  const servers: TestServer[] = [];
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    for (const s of servers.splice(0)) await s.stop();
    for (const a of adapters.splice(0)) await a.close();
    await deletePrefix(prefix);
  });

  const node = async (name: string, holder: boolean) => {
    const t = await startTestServer({
      config: { offlineAlertMs: 2 * MIN },
      deps: {
        timerLease: { isHolder: () => holder },
        configureIo: async (io) => {
          adapters.push(
            await installRedisAdapter(io, { url: REDIS_URL, prefix, nodeName: name, log: () => undefined }),
          );
        },
      },
    });
    servers.push(t);
    return t;
  };

  it('an officer connected to another node is not reported offline; gone from both, it is, once', async () => {
    const a = await node('node-a', true);
    const b = await node('node-b', false);
    const connect = async (t: TestServer, p: Parameters<typeof connectAs>[1]) => {
      const c = await connectAs(t, p);
      clients.push(c);
      return c;
    };
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
    expect(d.presence.filter((p) => p.officerId === 'pl-1' && !p.online)).toEqual([]);
    const steps = async (n: number) => {
      for (let i = 0; i < n; i++) {
        a.clock.advance(10_000);
        await a.server.engine.catchUp();
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
