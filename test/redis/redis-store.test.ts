// Redis-specific behaviour of the store beyond the shared contract: several nodes on one log,
// Redis going away and coming back, durability of what was acknowledged.
import { afterEach, describe, expect, it } from 'vitest';
import type { DispatchEvent } from '../../shared/events';
import { RedisStore } from '../../server/store/redis-store';
import { redisKeys } from '../../server/store/redis-stream';
import { SeqConflictError, StorageUnavailableError } from '../../server/store/store';
import { noteDraft } from '../store/store-contract';
import { PrivateRedis } from './support/private-redis';
import { REDIS_URL, deletePrefix, inspector, uniquePrefix } from './support/redis-test-env';

/** Collects what a store's onAppendedElsewhere delivers and lets a test wait for a seq. */
function follow(store: RedisStore): { events: DispatchEvent[]; until: (seq: number) => Promise<void> } {
  const events: DispatchEvent[] = [];
  const waiters: { seq: number; resolve: () => void }[] = [];
  store.onAppendedElsewhere((batch) => {
    events.push(...batch);
    const head = events[events.length - 1]?.seq ?? 0;
    for (const w of waiters.filter((w) => w.seq <= head)) w.resolve();
  });
  return {
    events,
    until: (seq) =>
      new Promise<void>((resolve) => {
        if ((events[events.length - 1]?.seq ?? 0) >= seq) resolve();
        else waiters.push({ seq, resolve });
      }),
  };
}

describe('redis store shared by several nodes', () => {
  const prefix = uniquePrefix('store');
  const stores: RedisStore[] = [];
  const open = async (url = REDIS_URL, extra: { commandTimeoutMs?: number } = {}): Promise<RedisStore> => {
    const store = await RedisStore.open({ url, prefix, ...extra });
    stores.push(store);
    await store.load();
    return store;
  };
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await deletePrefix(prefix);
  });

  it('a node learns of the other nodes appends from the stream tail, in order, and never of its own', async () => {
    const a = await open();
    const b = await open();
    const seenByA = follow(a);
    const seenByB = follow(b);
    await a.append(0, [noteDraft('a1')]);
    await a.append(1, [noteDraft('a2'), noteDraft('a3')]);
    await seenByB.until(3);
    await b.append(3, [noteDraft('b4')]);
    await seenByA.until(4);
    expect(seenByB.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(seenByA.events.map((e) => e.seq)).toEqual([4]);
    expect(seenByA.events[0]).toMatchObject({ type: 'request:note_added', data: { text: 'b4' } });
  });

  it('another node appending between a read of the range and of the head is not taken for a compacted log', async () => {
    const a = await open();
    const b = await open();
    await a.append(0, [noteDraft('a1')]);
    const client = (a as unknown as { client: { sendCommand: (args: string[]) => Promise<unknown> } }).client;
    const send = client.sendCommand.bind(client);
    let appendedBetween = false;
    client.sendCommand = async (args) => {
      const reply = await send(args);
      if (!appendedBetween && args[0] === 'XRANGE' && Array.isArray(reply) && reply.length === 0) {
        appendedBetween = true;
        await b.append(1, [noteDraft('b2')]);
      }
      return reply;
    };
    expect((await a.readAfter(1, 10))?.map((e) => e.seq)).toEqual([2]);
    expect(appendedBetween).toBe(true);
  });

  it('of two nodes appending the same seq one wins; the loser catches up from the tail and retries', async () => {
    const a = await open();
    const b = await open();
    const seenByB = follow(b);
    const [ra, rb] = await Promise.allSettled([a.append(0, [noteDraft('from-a')]), b.append(0, [noteDraft('from-b')])]);
    const loser = ra.status === 'rejected' ? a : b;
    const failure = ra.status === 'rejected' ? ra : rb;
    expect([ra.status, rb.status].sort()).toEqual(['fulfilled', 'rejected']);
    expect(failure.status === 'rejected' && failure.reason).toBeInstanceOf(SeqConflictError);
    expect(failure.status === 'rejected' && (failure.reason as SeqConflictError).actualSeq).toBe(1);
    if (loser === b) await seenByB.until(1);
    const retried = await loser.append(1, [noteDraft('retry')]);
    expect(retried[0]?.seq).toBe(2);
    expect((await a.readAfter(0, 10))?.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('loading after a snapshot replays only the events after it, and a new node starts from there', async () => {
    const a = await open();
    for (let i = 0; i < 5; i++) await a.append(i, [noteDraft(`e${i + 1}`)]);
    const state = { seq: 5, requests: {}, assignments: {}, officers: {} };
    await a.saveSnapshot({ seq: 5, state, appliedCommands: [], takenAt: 1 });
    // An older snapshot from a slower node does not replace the newer one.
    await a.saveSnapshot({ seq: 3, state: { ...state, seq: 3 }, appliedCommands: [], takenAt: 2 });
    await a.append(5, [noteDraft('e6')]);
    const fresh = await RedisStore.open({ url: REDIS_URL, prefix });
    stores.push(fresh);
    const loaded = await fresh.load();
    expect(loaded.snapshot?.seq).toBe(5);
    expect(loaded.events.map((e) => e.seq)).toEqual([6]);
    expect((await fresh.append(6, [noteDraft('e7')]))[0]?.seq).toBe(7);
  });

  it('a snapshot trims nothing: the stream keeps every event (the log is the system of record)', async () => {
    const a = await open();
    // More than the 10 000 events a snapshot used to keep before it.
    const n = 11_000;
    for (let seq = 0; seq < n; seq += 500) {
      await a.append(
        seq,
        Array.from({ length: 500 }, (_, i) => noteDraft(`e${seq + i + 1}`)),
      );
    }
    const state = { seq: n, requests: {}, assignments: {}, officers: {} };
    await a.saveSnapshot({ seq: n, state, appliedCommands: [], takenAt: 1 });
    await a.append(n, [noteDraft('after')]);
    const client = await inspector();
    try {
      expect(await client.xLen(redisKeys(prefix).log)).toBe(n + 1);
    } finally {
      client.destroy();
    }
    expect((await a.readAfter(0, n + 1))?.map((e) => e.seq)).toEqual(Array.from({ length: n + 1 }, (_, i) => i + 1));
    // Start-up still reads from the snapshot on, not the whole stream.
    const fresh = await RedisStore.open({ url: REDIS_URL, prefix });
    stores.push(fresh);
    expect((await fresh.load()).events.map((e) => e.seq)).toEqual([n + 1]);
  });
});

describe('redis store when Redis goes away', () => {
  let redis: PrivateRedis | null = null;
  const stores: RedisStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await redis?.stop();
    redis = null;
  });

  it('refuses appends with StorageUnavailableError, reports unhealthy, and recovers by itself', async () => {
    redis = await PrivateRedis.start();
    const prefix = uniquePrefix('outage');
    const a = await RedisStore.open({ url: redis.url, prefix, log: () => undefined });
    const b = await RedisStore.open({ url: redis.url, prefix, log: () => undefined });
    stores.push(a, b);
    await a.load();
    await b.load();
    const seenByB = follow(b);
    await a.append(0, [noteDraft('before')]);
    await seenByB.until(1);

    await redis.kill();
    await expect(a.append(1, [noteDraft('during')])).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(a.readAfter(0, 10)).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(await a.health()).toMatchObject({ ok: false, kind: 'redis', seq: 1 });

    await redis.resume();
    let appended: DispatchEvent[] | null = null;
    for (let i = 0; i < 100 && !appended; i++) {
      appended = await a.append(1, [noteDraft('after')]).catch(() => null);
      if (!appended) await new Promise((r) => setTimeout(r, 100));
    }
    expect(appended?.[0]?.seq).toBe(2);
    expect((await a.health()).ok).toBe(true);
    // The other node's tail picked up again where it stopped.
    await seenByB.until(2);
    expect(seenByB.events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('never loses an acknowledged append when Redis is killed mid-load (AOF, appendfsync always)', async () => {
    redis = await PrivateRedis.start();
    const prefix = uniquePrefix('durable');
    const store = await RedisStore.open({ url: redis.url, prefix, log: () => undefined });
    stores.push(store);
    await store.load();
    const acked: DispatchEvent[] = [];
    let head = 0;
    let killed = false;
    for (let i = 0; i < 400 && !killed; i++) {
      if (i === 60) {
        // Kill while an append is in flight: its outcome is unknown, but an ack means stored.
        const inFlight = store.append(head, [noteDraft(`n${i}`)]).then(
          (e) => acked.push(...e),
          () => undefined,
        );
        await redis.kill();
        await inFlight;
        killed = true;
        break;
      }
      const events = await store.append(head, [noteDraft(`n${i}`)]);
      acked.push(...events);
      head = events[events.length - 1]?.seq ?? head;
    }
    expect(acked.length).toBeGreaterThanOrEqual(60);
    await redis.resume();
    const again = await RedisStore.open({ url: redis.url, prefix });
    stores.push(again);
    const { events } = await again.load();
    expect(events.slice(0, acked.length)).toEqual(acked);
  });
});
