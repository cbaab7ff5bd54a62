// The one contract every Store implementation must satisfy. Each implementation's test file calls
// `describeStoreContract` with a factory; the factory gives a fresh, empty store plus a way to reopen
// the same log (a new instance on the same directory / key prefix) and to clean up afterwards.
import { afterEach, describe, expect, it } from 'vitest';
import type { DispatchState } from '../../shared/domain';
import type { EventDraft } from '../../shared/events';
import { emptyState } from '../../shared/reducer';
import { UnreadableEventError } from '../../server/store/readable-events';
import { SeqConflictError, type Snapshot, type Store } from '../../server/store/store';

export interface StoreUnderTest {
  store: Store;
  /** Closes nothing: opens a second instance on the same log (call `load()` on it yourself). */
  reopen: () => Promise<Store>;
  /** Closes every instance it made and removes the data. */
  cleanup: () => Promise<void>;
}

/** A note-added draft: small, valid, and distinguishable by its text. */
export function noteDraft(text: string, commandId: string | null = null): EventDraft {
  return {
    type: 'request:note_added',
    at: 1_700_000_000_000,
    actor: { role: 'dispatcher', id: 'disp-1' },
    commandId,
    data: { requestId: 'r1', commune: 'phu-long', noteId: 'n1', text },
  };
}

function snapshotAt(seq: number, state: DispatchState = emptyState()): Snapshot {
  return {
    seq,
    state: { ...state, seq },
    appliedCommands: [{ commandId: 'cmd-00000001', seq, ref: 'r1' }],
    takenAt: 1_700_000_000_000,
  };
}

export function describeStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`Store contract: ${name}`, () => {
    let current: StoreUnderTest | null = null;
    const open = async (): Promise<StoreUnderTest> => {
      current = await makeStore();
      await current.store.load();
      return current;
    };
    afterEach(async () => {
      await current?.cleanup();
      current = null;
    });

    it('a fresh store loads empty', async () => {
      const { store } = await open();
      const reloaded = await (await current!.reopen()).load();
      expect(reloaded).toEqual({ snapshot: null, events: [] });
      expect((await store.health()).seq).toBe(0);
    });

    it('append gives consecutive seqs from expectedSeq + 1 and keeps the draft fields', async () => {
      const { store } = await open();
      const first = await store.append(0, [noteDraft('a', 'cmd-aaaaaaaa')]);
      expect(first).toHaveLength(1);
      expect(first[0]).toEqual({ ...noteDraft('a', 'cmd-aaaaaaaa'), seq: 1 });
      const next = await store.append(1, [noteDraft('b'), noteDraft('c')]);
      expect(next.map((e) => e.seq)).toEqual([2, 3]);
      expect(next.map((e) => e.type === 'request:note_added' && e.data.text)).toEqual(['b', 'c']);
      expect((await store.health()).seq).toBe(3);
    });

    it('append with a stale expectedSeq is refused with SeqConflictError and stores nothing', async () => {
      const { store } = await open();
      await store.append(0, [noteDraft('a')]);
      await expect(store.append(0, [noteDraft('b')])).rejects.toBeInstanceOf(SeqConflictError);
      await expect(store.append(5, [noteDraft('b')])).rejects.toBeInstanceOf(SeqConflictError);
      expect((await store.readAfter(0, 100))?.map((e) => e.seq)).toEqual([1]);
    });

    it('of concurrent appends with the same expectedSeq exactly one wins', async () => {
      const { store } = await open();
      await store.append(0, [noteDraft('base')]);
      const results = await Promise.allSettled([1, 2, 3, 4].map((i) => store.append(1, [noteDraft(`race-${i}`)])));
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(3);
      for (const r of lost) expect(r.reason).toBeInstanceOf(SeqConflictError);
      expect((await store.readAfter(0, 100))?.map((e) => e.seq)).toEqual([1, 2]);
    });

    it('readAfter returns the events after a seq, in order, at most limit', async () => {
      const { store } = await open();
      for (let i = 0; i < 5; i++) await store.append(i, [noteDraft(`e${i + 1}`)]);
      expect((await store.readAfter(2, 100))?.map((e) => e.seq)).toEqual([3, 4, 5]);
      expect((await store.readAfter(0, 2))?.map((e) => e.seq)).toEqual([1, 2]);
      expect(await store.readAfter(5, 100)).toEqual([]);
      expect(await store.readAfter(9, 100)).toEqual([]);
    });

    it('reopening the same log keeps every event and the head', async () => {
      const { store, reopen } = await open();
      await store.append(0, [noteDraft('a', 'cmd-aaaaaaaa')]);
      await store.append(1, [noteDraft('b'), noteDraft('c')]);
      const written = await store.readAfter(0, 100);
      await store.close();
      const again = await reopen();
      const loaded = await again.load();
      expect(loaded.snapshot).toBeNull();
      expect(loaded.events).toEqual(written);
      expect((await again.health()).seq).toBe(3);
      const appended = await again.append(3, [noteDraft('d')]);
      expect(appended[0]?.seq).toBe(4);
    });

    it('load after a snapshot returns the snapshot and only the events after it', async () => {
      const { store, reopen } = await open();
      for (let i = 0; i < 4; i++) await store.append(i, [noteDraft(`e${i + 1}`)]);
      await store.saveSnapshot(snapshotAt(3));
      await store.append(4, [noteDraft('e5')]);
      await store.close();
      const loaded = await (await reopen()).load();
      expect(loaded.snapshot).toEqual(snapshotAt(3));
      expect(loaded.events.map((e) => e.seq)).toEqual([4, 5]);
    });

    it('a newer snapshot replaces the older one', async () => {
      const { store, reopen } = await open();
      for (let i = 0; i < 6; i++) await store.append(i, [noteDraft(`e${i + 1}`)]);
      await store.saveSnapshot(snapshotAt(2));
      await store.saveSnapshot(snapshotAt(6));
      await store.close();
      const loaded = await (await reopen()).load();
      expect(loaded.snapshot?.seq).toBe(6);
      expect(loaded.events).toEqual([]);
    });

    it('readAfter is never wrong after a snapshot: it returns the events or null when compacted away', async () => {
      const { store } = await open();
      for (let i = 0; i < 6; i++) await store.append(i, [noteDraft(`e${i + 1}`)]);
      await store.saveSnapshot(snapshotAt(3));
      await store.append(6, [noteDraft('e7')]);
      await store.saveSnapshot(snapshotAt(7));
      for (const after of [0, 2, 4, 6]) {
        const events = await store.readAfter(after, 100);
        if (events !== null) expect(events.map((e) => e.seq)).toEqual(range(after + 1, 7));
      }
      expect((await store.readAfter(6, 100))?.map((e) => e.seq)).toEqual([7]);
    });

    it('an event that would not read back is refused before anything is written', async () => {
      const { store } = await open();
      await store.append(0, [noteDraft('kept')]);
      // What a decision bug could produce: an id naming a prototype member, which reading would drop.
      const poisoned: EventDraft = {
        type: 'request:note_added',
        at: 1_700_000_000_000,
        actor: { role: 'dispatcher', id: 'disp-1' },
        commandId: null,
        data: { requestId: '__proto__', commune: 'phu-long', noteId: 'n2', text: 'poison' },
      };
      await expect(store.append(1, [noteDraft('same batch'), poisoned])).rejects.toBeInstanceOf(UnreadableEventError);
      expect((await store.health()).seq).toBe(1);
      const reloaded = await (await current!.reopen()).load();
      expect(reloaded.events.map((e) => e.data)).toEqual([noteDraft('kept').data]);
    });

    it('reports healthy with its kind', async () => {
      const { store } = await open();
      const health = await store.health();
      expect(health.ok).toBe(true);
      expect(health.kind).toBe(store.kind);
    });
  });
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
