import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readWholeLog } from '../../server/store/journal-log';
import { JournalStore } from '../../server/store/journal-store';
import { StorageUnavailableError, type Store } from '../../server/store/store';
import { emptyState } from '../../shared/reducer';
import { describeStoreContract, noteDraft } from './store-contract';

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
    const snap = (seq: number) => ({ seq, state: { ...emptyState(), seq }, appliedCommands: [], takenAt: 1 });
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
  });

  it('loads a segment of 300 000 events (no array spread into a call on the load path)', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    // Written in the store's own format, as a server that ran a long time without a snapshot leaves it.
    const n = 300_000;
    const lines: string[] = [];
    for (let seq = 1; seq <= n; seq++) lines.push(JSON.stringify({ ...noteDraft(`e${seq}`), seq }));
    await fs.writeFile(path.join(dir, 'journal-000000000001.jsonl'), lines.join('\n') + '\n');
    const { store } = await openStore(dir);
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
