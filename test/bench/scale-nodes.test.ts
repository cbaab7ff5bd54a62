// bench:scale --nodes: each kind of socket is spread over the nodes round-robin, and the run's sweep deletes every
// key under its own prefix on the real Redis (REDIS_URL) and nothing else.
import { afterAll, describe, expect, it } from 'vitest';
import { BenchRedis, placeOn, runPrefix } from '../../bench/scale/nodes';
import type { SocketSpec } from '../../bench/scale/messages';
import { deletePrefix, inspector, REDIS_URL, uniquePrefix } from '../redis/support/redis-test-env';

const spec = (username: string): SocketSpec => ({
  role: 'officer',
  username,
  scope: username,
  home: { lat: 0, lon: 0 },
});

describe('bench:scale nodes', () => {
  it('places socket i on node i mod K, keeping the spec', () => {
    const urls = ['http://a', 'http://b', 'http://c'];
    const placed = placeOn(['o-1', 'o-2', 'o-3', 'o-4', 'o-5'].map(spec), urls);
    expect(placed.map((p) => p.url)).toEqual(['http://a', 'http://b', 'http://c', 'http://a', 'http://b']);
    expect(placed[3]).toMatchObject({ username: 'o-4', role: 'officer', url: 'http://a' });
    expect(placeOn([spec('o-1'), spec('o-2')], ['http://only']).map((p) => p.url)).toEqual([
      'http://only',
      'http://only',
    ]);
  });

  it('gives every run a prefix of its own', () => {
    expect(runPrefix()).toMatch(/^bench-scale-\d+-\d+:$/);
  });

  describe('on Redis', () => {
    const prefix = uniquePrefix('bench-nodes');
    // A neighbour whose prefix starts like the run's but is not under it (no ':' right after).
    const neighbour = `${prefix.slice(0, -1)}x:`;
    afterAll(async () => {
      await deletePrefix(prefix);
      await deletePrefix(neighbour);
    });

    it('deletes every key under the prefix and nothing else', async () => {
      const client = await inspector();
      try {
        for (let i = 0; i < 1200; i += 1) await client.set(`${prefix}k:${i}`, 'v');
        await client.xAdd(`${prefix}log`, '*', { e: '1' });
        await client.set(`${neighbour}keep`, 'v');
        const redis = await BenchRedis.connect(REDIS_URL, prefix);
        try {
          expect(await redis.deleteKeys()).toBe(1201);
          expect(Number.isFinite(await redis.cpuMs())).toBe(true);
        } finally {
          redis.close();
        }
        const left: string[] = [];
        for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) left.push(...keys);
        expect(left).toEqual([]);
        expect(await client.get(`${neighbour}keep`)).toBe('v');
      } finally {
        client.destroy();
      }
    });

    it('says which Redis it could not reach', async () => {
      await expect(BenchRedis.connect('redis://127.0.0.1:1', prefix)).rejects.toThrow(
        /--nodes needs Redis at redis:\/\/127\.0\.0\.1:1/,
      );
    });
  });
});
