// With STORE=redis the per-account and per-IP counters live in Redis, so two nodes share one budget:
// an account cannot double its rate by talking to both. Real Redis, a key prefix of its own.
import { afterEach, describe, expect, it } from 'vitest';
import { createRateLimiters } from '../../server/rate-limits';
import { createRedisConnection, type RedisConnection } from '../../server/store/redis-connection';
import { deletePrefix, inspector, REDIS_URL, uniquePrefix } from './support/redis-test-env';

describe('rate limits in Redis', () => {
  const clients: RedisConnection[] = [];
  let prefix = '';
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await deletePrefix(prefix);
  });

  async function node(): Promise<RedisConnection> {
    const client = createRedisConnection({ url: REDIS_URL, name: 'rate-limit-test' });
    await client.connect();
    clients.push(client);
    return client;
  }

  it('two nodes share one account budget and one IP budget', async () => {
    prefix = uniquePrefix('rl');
    const limits = {
      command: { burst: 3, perSecond: 0.01 },
      position: { burst: 100, perSecond: 100 },
      ip: { burst: 5, perSecond: 0.01 },
    };
    const a = createRateLimiters(limits, { client: await node(), prefix });
    const b = createRateLimiters(limits, { client: await node(), prefix });
    const waits = [];
    for (const limiter of [a, b, a, b]) waits.push(await limiter.consume('command', 'post-ky-phu', '10.0.0.7'));
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits[3]).toBeGreaterThan(0);
    // Another account from the same IP: the IP has 1 of its 5 left (4 spent above).
    expect(await a.consume('command', 'post-thanh-van', '10.0.0.7')).toBe(0);
    expect(await b.consume('command', 'post-cuc-phuong', '10.0.0.7')).toBeGreaterThan(0);
    const redis = await inspector();
    try {
      const keys: string[] = [];
      for await (const batch of redis.scanIterator({ MATCH: `${prefix}rl:*`, COUNT: 100 })) keys.push(...batch);
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      redis.destroy();
    }
  });
});
