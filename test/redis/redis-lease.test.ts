// The timer lease: one holder at a time, taken over when the holder dies, freed on a clean stop.
import { afterEach, describe, expect, it } from 'vitest';
import { RedisTimerLease } from '../../server/store/redis-lease';
import { REDIS_URL, deletePrefix, inspector, uniquePrefix } from './support/redis-test-env';

async function eventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  for (const start = Date.now(); Date.now() - start < timeoutMs;) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('redis timer lease', () => {
  const prefix = uniquePrefix('lease');
  const key = `${prefix}timer-lease`;
  const leases: RedisTimerLease[] = [];
  const start = async (holderId: string): Promise<RedisTimerLease> => {
    const lease = await RedisTimerLease.start({ url: REDIS_URL, key, holderId, ttlMs: 1200, renewEveryMs: 200 });
    leases.push(lease);
    return lease;
  };
  afterEach(async () => {
    for (const l of leases.splice(0)) await l.stop();
    await deletePrefix(prefix);
  });

  it('exactly one of several nodes holds the lease, and keeps it while alive', async () => {
    const nodes = [await start('node-a'), await start('node-b'), await start('node-c')];
    expect(nodes.map((n) => n.isHolder())).toEqual([true, false, false]);
    // Well past the ttl: renewals keep it with the first node.
    await new Promise((r) => setTimeout(r, 2000));
    expect(nodes.map((n) => n.isHolder())).toEqual([true, false, false]);
  });

  it('a holder that stops renewing (died) is replaced after its lease expires', async () => {
    // A dead node's lease: set once, never renewed.
    const redis = await inspector();
    await redis.set(key, 'dead-node', { expiration: { type: 'PX', value: 1200 } });
    redis.destroy();
    const survivor = await start('survivor');
    expect(survivor.isHolder()).toBe(false);
    await eventually(() => survivor.isHolder(), 'the survivor to take the lease');
  });

  it('a node stopping cleanly hands the lease over at once', async () => {
    const first = await start('first');
    const second = await start('second');
    expect(first.isHolder()).toBe(true);
    await first.stop();
    expect(first.isHolder()).toBe(false);
    // Released, not left to expire: the key is free (or already the second node's).
    const redis = await inspector();
    expect([null, 'second']).toContain(await redis.get(key));
    redis.destroy();
    await eventually(() => second.isHolder(), 'the second node to take the lease');
  });
});
