// The history read model and the replay's position time series on a real Redis (several nodes).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../../shared/history';
import type { OfficerPosition } from '../../shared/protocol';
import { RedisTrackStore } from '../../server/history/position-track';
import { RedisHistoryStore } from '../../server/history/redis-history';
import { createRedisConnection, type RedisConnection } from '../../server/store/redis-connection';
import { deletePrefix, inspector, REDIS_URL, uniquePrefix } from './support/redis-test-env';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 26, 1, 0, 0);

function record(id: string, number: number, archivedSeq: number, note = ''): HistoryRecord {
  return {
    archivedSeq,
    assignments: [],
    request: {
      id,
      number,
      commune: 'ky-phu',
      kind: 'fire',
      priority: 'critical',
      location: { lat: 20.2, lon: 105.7 },
      locationSource: 'post',
      note,
      respondersWanted: 1,
      status: 'cancelled',
      raisedAt: T0,
      raisedBy: { role: 'system' },
      clientSentAt: null,
      openSince: null,
      unassignedAlerts: 0,
      assignmentIds: [],
      notes: [],
      timeline: [],
      closedAt: T0 + 60_000,
      outcome: null,
      closeReason: 'nhầm',
    },
  };
}

const fix = (officerId: string, receivedAt: number, lat = 20.2): OfficerPosition => ({
  officerId,
  lat,
  lon: 105.7,
  accuracy: 10,
  at: receivedAt,
  receivedAt,
});

describe('history and tracks in Redis', () => {
  let prefix: string;
  let client: RedisConnection;
  beforeEach(async () => {
    prefix = uniquePrefix('history');
    client = createRedisConnection({ url: REDIS_URL });
    await client.connect();
  });
  afterEach(async () => {
    client.destroy();
    await deletePrefix(prefix);
  });

  it('keeps each archived request once, whichever nodes write it, and reads it back in archive order', async () => {
    const nodeA = new RedisHistoryStore(client, prefix);
    const nodeB = new RedisHistoryStore(client, prefix);
    nodeA.archive([record('r9', 2, 40, 'Cháy rơm'), record('r3', 1, 30)]);
    nodeB.archive([record('r9', 2, 40, 'Cháy rơm')]);
    await Promise.all([nodeA.flush(), nodeB.flush()]);
    const summaries = await nodeB.summaries();
    expect(summaries.map((s) => [s.id, s.number])).toEqual([
      ['r3', 1],
      ['r9', 2],
    ]);
    expect(summaries[1]?.text).toBe('cháy rơm\nnhầm');
    expect((await nodeA.record('r9'))?.request.note).toBe('Cháy rơm');
    expect(await nodeA.record('r404')).toBeNull();
  });

  it('keeps fixes per day for replay, reads a range across midnight, and lets each day expire', async () => {
    const retention = 30 * DAY;
    const track = new RedisTrackStore(client, prefix, retention);
    const midnight = Math.ceil(T0 / DAY) * DAY;
    // One batch across midnight: one MULTI, a sorted set per day.
    await track.appendMany([
      fix('kp-1', midnight - 60_000),
      fix('kp-1', midnight + 60_000, 20.21),
      fix('pl-1', midnight + 3 * 3600_000),
    ]);
    const range = await track.range(midnight - 120_000, midnight + 3600_000);
    expect(range.map((p) => [p.officerId, p.receivedAt])).toEqual([
      ['kp-1', midnight - 60_000],
      ['kp-1', midnight + 60_000],
    ]);
    const redis = await inspector();
    try {
      const day = new Date(midnight).toISOString().slice(0, 10);
      const expiresAt = await redis.expireTime(`${prefix}track:${day}`);
      expect(expiresAt * 1000).toBe(midnight + DAY + retention);
    } finally {
      redis.destroy();
    }
  });
});
