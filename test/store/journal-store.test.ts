import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readWholeLog } from '../../server/store/journal-log';
import { JournalStore } from '../../server/store/journal-store';
import { StorageUnavailableError, type Store } from '../../server/store/store';
import { emptyState } from '../../shared/reducer';
import { describeStoreContract, noteDraft } from './store-contract';

const realRename = fs.rename.bind(fs);

/** A snapshot of an empty state at `seq`. */
const snap = (seq: number) => ({ seq, state: { ...emptyState(), seq }, appliedCommands: [], takenAt: 1 });

/** A slow disk: a snapshot's rename into place (from its .tmp file) waits until the returned function is called. */
function slowSnapshotRename(): () => void {
  let letGo: () => void = () => undefined;
  const slowDisk = new Promise<void>((resolve) => (letGo = resolve));
  vi.spyOn(fs, 'rename').mockImplementation(async (from, to) => {
    if (String(from).endsWith('.tmp')) await slowDisk;
    return realRename(from, to);
  });
  return letGo;
}

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'grd-journal-'));
}

describeStoreContract('journal', async () => {
  const dir = await tempDir();
  const opened: Store[] = [];
  const store = new JournalStore(dir);
  opened.push(store);
  return {
    store,
    reopen: async () => {
      const again = new JournalStore(dir);
      opened.push(again);
      return again;
    },
    cleanup: async () => {
      for (const s of opened) await s.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
});

describe('journal store on disk', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  const openStore = async (dir?: string): Promise<{ store: JournalStore; dir: string }> => {
    const d = dir ?? (await tempDir());
    if (!dirs.includes(d)) dirs.push(d);
    const store = new JournalStore(d);
    stores.push(store);
    await store.load();
    return { store, dir: d };
  };
  const segmentFiles = async (dir: string): Promise<string[]> =>
    (await fs.readdir(dir)).filter((n) => n.startsWith('journal-')).sort();
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const s of stores.splice(0)) await s.close();
    for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
  });

  it('writes one JSON line per event', async () => {
    const { store, dir } = await openStore();
    await store.append(0, [noteDraft('a'), noteDraft('b')]);
    const [file] = await segmentFiles(dir);
    const text = await fs.readFile(path.join(dir, file ?? ''), 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({ seq: 2, type: 'request:note_added' });
  });

  it('drops a torn last line with a warning, truncates it away and appends after it', async () => {
    const { store, dir } = await openStore();
    await store.append(0, [noteDraft('a')]);
    await store.append(1, [noteDraft('b')]);
    await store.close();
    const file = path.join(dir, (await segmentFiles(dir))[0] ?? '');
    const good = await fs.readFile(file, 'utf8');
    await fs.appendFile(file, '{"seq":3,"at":17000000,"type":"request:no');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { store: again } = await openStore(dir);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('torn'));
    expect((await again.readAfter(0, 10))?.map((e) => e.seq)).toEqual([1, 2]);
    expect(await fs.readFile(file, 'utf8')).toBe(good);
    await again.append(2, [noteDraft('c')]);
    await again.close();
    const { store: third } = await openStore(dir);
    expect((await third.readAfter(0, 10))?.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('drops an unfinished multi-event batch whole (all or nothing)', async () => {
    const { store, dir } = await openStore();
    await store.append(0, [noteDraft('a')]);
    await store.append(1, [noteDraft('b'), noteDraft('c'), noteDraft('d')]);
    await store.close();
    const file = path.join(dir, (await segmentFiles(dir))[0] ?? '');
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    // Keep the first event and two complete lines of the batch: its last line never made it.
    await fs.writeFile(file, lines.slice(0, 3).join('\n') + '\n');
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { store: again } = await openStore(dir);
    expect((await again.readAfter(0, 10))?.map((e) => e.seq)).toEqual([1]);
    expect((await again.health()).seq).toBe(1);
  });

  it('refuses to start on a corrupt line in the middle, naming the line', async () => {
    const { store, dir } = await openStore();
    for (let i = 0; i < 3; i++) await store.append(i, [noteDraft(`e${i}`)]);
    await store.close();
    const file = path.join(dir, (await segmentFiles(dir))[0] ?? '');
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    lines[1] = '{"seq":2,"garbage"';
    await fs.writeFile(file, lines.join('\n'));
    const again = new JournalStore(dir);
    stores.push(again);
    await expect(again.load()).rejects.toThrow(/:2: corrupt journal line/);
  });

  it('a failed write is refused with StorageUnavailableError, reported unhealthy, and nothing is acknowledged', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    // The first segment is opened on the first append: make it a device that is always full (ENOSPC).
    const { store } = await openStore(dir);
    await fs.symlink('/dev/full', path.join(dir, 'journal-000000000001.jsonl'));
    await expect(store.append(0, [noteDraft('a')])).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(await store.health()).toMatchObject({ ok: false, seq: 0 });
    await expect(store.append(0, [noteDraft('a')])).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(await store.readAfter(0, 10)).toEqual([]);
    await store.close();
    // Once the disk is writable again, a reopened store works from the same head.
    await fs.rm(path.join(dir, 'journal-000000000001.jsonl'));
    const { store: again } = await openStore(dir);
    expect((await again.append(0, [noteDraft('a')]))[0]?.seq).toBe(1);
    expect((await again.health()).ok).toBe(true);
  });

  it('compacts: segments covered by the snapshot move to archive/ (never deleted), the previous one stays for readAfter', async () => {
    const { store, dir } = await openStore();
    for (let i = 0; i < 3; i++) await store.append(i, [noteDraft(`e${i + 1}`)]);
    await store.saveSnapshot(snap(3));
    for (let i = 3; i < 6; i++) await store.append(i, [noteDraft(`e${i + 1}`)]);
    await store.saveSnapshot(snap(6));
    for (let i = 6; i < 8; i++) await store.append(i, [noteDraft(`e${i + 1}`)]);
    expect(await segmentFiles(dir)).toEqual(['journal-000000000004.jsonl', 'journal-000000000007.jsonl']);
    // The log stays whole: the covered segment is archived, byte for byte, and start-up does not read it.
    expect(await segmentFiles(path.join(dir, 'archive'))).toEqual(['journal-000000000001.jsonl']);
    const archived = await fs.readFile(path.join(dir, 'archive', 'journal-000000000001.jsonl'), 'utf8');
    expect(
      archived
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { seq: number }).seq),
    ).toEqual([1, 2, 3]);
    const whole: number[] = [];
    expect(
      await readWholeLog(dir, (events) => {
        for (const e of events) whole.push(e.seq);
      }),
    ).toBe(8);
    expect(whole).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await store.readAfter(2, 100)).toBeNull();
    expect((await store.readAfter(3, 100))?.map((e) => e.seq)).toEqual([4, 5, 6, 7, 8]);
    await store.close();
    const { store: again } = await openStore(dir);
    const loaded = await again.load();
    expect(loaded.snapshot?.seq).toBe(6);
    expect(loaded.events.map((e) => e.seq)).toEqual([7, 8]);
    expect((await again.readAfter(3, 100))?.map((e) => e.seq)).toEqual([4, 5, 6, 7, 8]);
    // Reopened, it still serves only what is in place: archive/ is never read at start-up.
    expect(await again.readAfter(2, 100)).toBeNull();
  });

  it('an append goes through while the snapshot file is still being written, and a reopened journal holds both', async () => {
    const { store, dir } = await openStore();
    for (let i = 0; i < 3; i++) await store.append(i, [noteDraft(`e${i + 1}`)]);
    const letGo = slowSnapshotRename();
    const snapshotted = store.saveSnapshot(snap(3));
    const heldUp = new Promise<'held up'>((resolve) => setTimeout(() => resolve('held up'), 2000));
    expect(await Promise.race([store.append(3, [noteDraft('e4')]), heldUp])).toMatchObject([{ seq: 4 }]);
    letGo();
    await snapshotted;
    await store.append(4, [noteDraft('e5')]);
    expect((await store.readAfter(3, 100))?.map((e) => e.seq)).toEqual([4, 5]);
    await store.close();
    const { store: again } = await openStore(dir);
    const loaded = await again.load();
    expect(loaded.snapshot?.seq).toBe(3);
    expect(loaded.events.map((e) => e.seq)).toEqual([4, 5]);
  });

  it('a snapshot whose rotation comes after a failed append leaves that segment open, and the journal still opens', async () => {
    const { store, dir } = await openStore();
    for (let i = 0; i < 3; i++) await store.append(i, [noteDraft(`e${i + 1}`)]);
    const letGo = slowSnapshotRename();
    const snapshotted = store.saveSnapshot(snap(3));
    // Meanwhile an append's fsync fails: its line is on disk past what is known stored, never acknowledged.
    const probe = await fs.open(path.join(dir, 'probe'), 'w');
    const handleProto = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
    await probe.close();
    vi.spyOn(handleProto, 'datasync').mockRejectedValueOnce(new Error('EIO: test'));
    await expect(store.append(3, [noteDraft('e4')])).rejects.toBeInstanceOf(StorageUnavailableError);
    letGo();
    await snapshotted;
    // The retry cuts the unacknowledged line off the segment it is in and takes its seq.
    expect(await store.append(3, [noteDraft('e4 again')])).toMatchObject([{ seq: 4 }]);
    await store.close();
    // Had the rotation closed that segment, the cut would have missed it: seq 4 twice, in two segments,
    // and start-up would refuse the journal.
    const { store: again } = await openStore(dir);
    const loaded = await again.load();
    expect(loaded.snapshot?.seq).toBe(3);
    expect(loaded.events.map((e) => [e.seq, e.type === 'request:note_added' && e.data.text])).toEqual([
      [4, 'e4 again'],
    ]);
  });

  it('a segment archived while the whole log is being listed is found, not taken for a gap', async () => {
    const { store, dir } = await openStore();
    for (let i = 0; i < 3; i++) await store.append(i, [noteDraft(`e${i + 1}`)]);
    await store.saveSnapshot(snap(1));
    for (let i = 3; i < 6; i++) await store.append(i, [noteDraft(`e${i + 1}`)]);
    await store.saveSnapshot(snap(1));
    await store.close();
    // A compaction moves the first segment to archive/ right after the archive was listed.
    const archive = path.join(dir, 'archive');
    await fs.mkdir(archive, { recursive: true });
    const readdir = fs.readdir.bind(fs) as (p: string) => Promise<string[]>;
    vi.spyOn(fs, 'readdir').mockImplementation((async (where: string) => {
      const names = await readdir(where);
      if (String(where) === archive && names.length === 0) {
        await realRename(
          path.join(dir, 'journal-000000000001.jsonl'),
          path.join(archive, 'journal-000000000001.jsonl'),
        );
      }
      return names;
    }) as unknown as typeof fs.readdir);
    const seqs: number[] = [];
    await readWholeLog(dir, (events) => {
      for (const e of events) seqs.push(e.seq);
    });
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('a compaction that fails between two archive renames leaves a half-archived journal that compacts again, in the same process and reopened, with its log whole', async () => {
    const { store, dir } = await openStore();
    let seq = 0;
    const write = async (s: JournalStore, n: number) => {
      for (let i = 0; i < n; i++) seq = (await s.append(seq, [noteDraft(`e${seq + 1}`)])).at(-1)?.seq ?? seq;
    };
    const wholeLog = async () => {
      const whole: number[] = [];
      await readWholeLog(dir, (events) => {
        for (const e of events) whole.push(e.seq);
      });
      return whole;
    };
    const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    // Snapshots that cover only seq 1 close segments without archiving any: 1, 4 and 7 are closed.
    await write(store, 3);
    await store.saveSnapshot(snap(1));
    await write(store, 3);
    await store.saveSnapshot(snap(1));
    await write(store, 3);
    // The next compaction moves 1 and 4; the second rename fails (a full disk, a crash).
    const rename = vi.spyOn(fs, 'rename');
    let archiveRenames = 0;
    rename.mockImplementation(async (from, to) => {
      if (String(to).includes(`${path.sep}archive${path.sep}`) && ++archiveRenames === 2) throw new Error('EIO: test');
      return realRename(from, to);
    });
    await expect(store.saveSnapshot(snap(seq))).rejects.toThrow(/EIO/);
    rename.mockRestore();
    expect(await segmentFiles(path.join(dir, 'archive'))).toEqual(['journal-000000000001.jsonl']);
    // The same process compacts again (it does not try to move segment 1 a second time).
    await write(store, 2);
    await store.saveSnapshot(snap(seq));
    expect(await segmentFiles(path.join(dir, 'archive'))).toContain('journal-000000000004.jsonl');
    expect(await wholeLog()).toEqual(upTo(seq));
    await store.close();
    const { store: again } = await openStore(dir);
    await write(again, 2);
    await again.saveSnapshot(snap(seq));
    await write(again, 1);
    expect(await again.readAfter(0, 100)).toBeNull();
    expect(await wholeLog()).toEqual(upTo(seq));
  });

  it('loads a segment of 200 000 events (no array spread into a call on the load path)', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    // Written in the store's own format, as a server that ran a long time without a snapshot leaves it.
    // 200 000 is half again the ~125 000 arguments a call takes before V8's stack overflows, and no more:
    // each event is parsed on load, so the test's time grows with it.
    const n = 200_000;
    const lines: string[] = [];
    for (let seq = 1; seq <= n; seq++) lines.push(JSON.stringify({ ...noteDraft(`e${seq}`), seq }));
    await fs.writeFile(path.join(dir, 'journal-000000000001.jsonl'), lines.join('\n') + '\n');
    // Not openStore: it loads too, and one load is what is under test.
    const store = new JournalStore(dir);
    stores.push(store);
    const loaded = await store.load();
    expect(loaded.events).toHaveLength(n);
    expect(loaded.events.at(-1)?.seq).toBe(n);
    expect((await store.append(n, [noteDraft('next')]))[0]?.seq).toBe(n + 1);
  }, 60_000);

  it('writes the snapshot atomically (no temp file left behind, owner-only)', async () => {
    const { store, dir } = await openStore();
    await store.append(0, [noteDraft('a')]);
    await store.saveSnapshot({ seq: 1, state: { ...emptyState(), seq: 1 }, appliedCommands: [], takenAt: 1 });
    const names = await fs.readdir(dir);
    expect(names).toContain('snapshot.json');
    expect(names.some((n) => n.endsWith('.tmp'))).toBe(false);
    expect((await fs.stat(path.join(dir, 'snapshot.json'))).mode & 0o077).toBe(0);
  });
});
