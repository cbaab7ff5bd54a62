// npm run backup while the server is writing (snapshots and compaction included), then npm run restore
// into an empty DATA_DIR: the restored server has the same state and seq, the accounts and secrets are the
// same bytes, and a restore over existing data needs --force and keeps the old data aside.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { emptyState } from '../../shared/reducer';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDataDir, restoreDataDir } from '../../server/backup/data-dir-backup';
import { readWholeLog } from '../../server/store/journal-log';
import { JournalStore } from '../../server/store/journal-store';
import { makeTempDir, removeDirs, ROOT } from '../accounts/helpers';
import { connectAs } from '../support/test-client';
import { principals } from '../support/test-auth';
import { noteDraft } from '../store/store-contract';
import { startTestServer } from '../support/test-server';

const dirs: string[] = [];
afterAll(() => removeDirs(dirs));
const tempDir = async (name: string) => {
  const dir = await makeTempDir(name);
  dirs.push(dir);
  return dir;
};

function runCli(args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'server/backup/backup-cli.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir } },
      (err, stdout, stderr) =>
        resolve({ code: err && typeof err.code === 'number' ? err.code : err ? 1 : 0, stdout, stderr }),
    );
  });
}

/** Every event in a journal directory, in order. */
async function journalEvents(dir: string) {
  const store = new JournalStore(dir);
  const { snapshot, events } = await store.load();
  await store.close();
  return { snapshotSeq: snapshot?.seq ?? 0, seqs: events.map((e) => e.seq), events };
}

/** Every seq of the whole log (archive and segments in place), in order. */
async function wholeLog(dir: string): Promise<number[]> {
  const seqs: number[] = [];
  await readWholeLog(dir, (events) => {
    for (const e of events) seqs.push(e.seq);
  });
  return seqs;
}

/** A journal of its own in a temp DATA_DIR; each writeAndSnapshot(n) appends n notes, then snapshots (compacts). */
async function openJournal(label: string) {
  const dataDir = await tempDir(label);
  const store = new JournalStore(path.join(dataDir, 'journal'));
  await store.load();
  let seq = 0;
  const writeAndSnapshot = async (n: number) => {
    for (let i = 0; i < n; i++) seq = (await store.append(seq, [noteDraft(`e${seq + 1}`)])).at(-1)?.seq ?? seq;
    await store.saveSnapshot({ seq, state: { ...emptyState(), seq }, appliedCommands: [], takenAt: 1 });
  };
  return { dataDir, store, writeAndSnapshot };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('backup and restore of DATA_DIR', () => {
  it('a backup taken while commands are being written restores to a server with the same state and seq', async () => {
    const t = await startTestServer({ config: { snapshotEvery: 10 } });
    await fs.writeFile(path.join(t.dataDir, 'roster.json'), '{"version":1,"accounts":[]}\n', { mode: 0o600 });
    await fs.writeFile(path.join(t.dataDir, 'token-secret'), 'x'.repeat(48), { mode: 0o600 });
    const post = await connectAs(t, principals.post('phu-long'));
    const raiseMany = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await post.command({ type: 'request:raise', data: { kind: 'theft', priority: 'normal', note: `#${i}` } });
      }
    };
    // Backups race the writer (and its snapshots every 10 events, which move old segments to the archive).
    const writing = raiseMany(60);
    const during: Awaited<ReturnType<typeof backupDataDir>>[] = [];
    for (let i = 0; i < 3; i++) during.push(await backupDataDir(t.dataDir, path.join(await tempDir('bk'), 'b')));
    await writing;
    for (const manifest of during) expect(manifest.seq).toBeLessThanOrEqual(t.seq());

    // Quiet now: this backup is the whole state.
    const target = path.join(await tempDir('bk-final'), 'backup');
    const cli = await runCli(['backup', target], t.dataDir);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain(`seq ${t.seq()}`);
    expect((await fs.stat(path.join(target, 'token-secret'))).mode & 0o777).toBe(0o600);
    const expectedState = t.server.engine.state;
    const expectedSeq = t.seq();
    post.close();
    await t.server.close();

    const restoredDir = path.join(await tempDir('restored'), 'data');
    const restored = await runCli(['restore', target], restoredDir);
    expect(restored.code).toBe(0);
    for (const file of ['roster.json', 'token-secret']) {
      expect(await fs.readFile(path.join(restoredDir, file), 'utf8')).toBe(
        await fs.readFile(path.join(t.dataDir, file), 'utf8'),
      );
    }
    // The whole log came along, archive included: it replays from seq 1 to the head.
    const archived = await fs.readdir(path.join(restoredDir, 'journal', 'archive'));
    expect(archived.length).toBeGreaterThan(0);
    expect(await wholeLog(path.join(restoredDir, 'journal'))).toEqual(range(1, expectedSeq));
    const again = await startTestServer({ dataDir: restoredDir });
    expect(again.seq()).toBe(expectedSeq);
    expect(again.server.engine.state).toEqual(expectedState);
    await again.stop();
  });

  it('every backup taken during writes is a prefix of the log: whole events, no gap', async () => {
    const t = await startTestServer({ config: { snapshotEvery: 10 } });
    const post = await connectAs(t, principals.post('ky-phu'));
    let stop = false;
    const writer = (async () => {
      while (!stop) await post.command({ type: 'request:raise', data: { kind: 'fire', priority: 'high' } });
    })();
    const copies: string[] = [];
    for (let i = 0; i < 4; i++) {
      const dir = path.join(await tempDir('prefix'), 'b');
      await backupDataDir(t.dataDir, dir);
      copies.push(dir);
    }
    stop = true;
    await writer;
    const original = t.server.engine.state;
    for (const dir of copies) {
      const { seqs, snapshotSeq } = await journalEvents(path.join(dir, 'journal'));
      const last = seqs.at(-1) ?? snapshotSeq;
      expect(last).toBeLessThanOrEqual(original.seq);
      seqs.forEach((s, i) => expect(s).toBe(snapshotSeq + 1 + i));
      expect(await wholeLog(path.join(dir, 'journal'))).toEqual(range(1, last));
    }
    post.close();
    await t.stop();
  });

  it('a compaction during each pass over the archive does not fail the backup or make it copy the archive again', async () => {
    const { dataDir, store, writeAndSnapshot } = await openJournal('busy-archive');
    const writeAndCompact = () => writeAndSnapshot(10);
    for (let k = 0; k < 5; k++) await writeAndCompact();
    // The server keeps compacting while the backup runs: one compaction each time the oldest archived
    // segment is copied (a retry that copied the whole archive again would meet one more each time).
    const original = fs.copyFile;
    let archivedCopies = 0;
    const patched: typeof fs.copyFile = async (from, to, mode) => {
      if (String(from).includes(`${path.sep}archive${path.sep}journal-000000000001`)) {
        archivedCopies++;
        await writeAndCompact();
      }
      return original(from, to, mode);
    };
    fs.copyFile = patched;
    const target = path.join(await tempDir('busy-archive-bk'), 'b');
    try {
      const manifest = await backupDataDir(dataDir, target);
      expect(archivedCopies).toBe(1);
      expect(await wholeLog(path.join(target, 'journal'))).toEqual(range(1, manifest.seq));
    } finally {
      fs.copyFile = original;
      await store.close();
    }
  });

  it('refuses to restore a backup whose archive lost a segment', async () => {
    const { dataDir, store, writeAndSnapshot } = await openJournal('lost-archive');
    for (let k = 0; k < 4; k++) await writeAndSnapshot(5);
    await store.close();
    const backup = path.join(await tempDir('lost-archive-bk'), 'b');
    await backupDataDir(dataDir, backup);
    const archive = path.join(backup, 'journal', 'archive');
    const archived = (await fs.readdir(archive)).sort();
    expect(archived.length).toBeGreaterThan(1);
    await fs.rm(path.join(archive, archived[1] ?? ''));
    await expect(restoreDataDir(backup, path.join(await tempDir('lost-archive-to'), 'data'))).rejects.toThrow(
      /lacks journal\/archive\/journal-|not whole/,
    );
  });

  it('refuses to restore over data without --force, and with it keeps the old data aside', async () => {
    const source = await tempDir('src');
    await fs.writeFile(path.join(source, 'roster.json'), '{"version":1,"accounts":[]}\n');
    const backup = path.join(await tempDir('bk2'), 'b');
    await backupDataDir(source, backup);
    const dataDir = path.join(await tempDir('busy'), 'data');
    await fs.mkdir(dataDir);
    await fs.writeFile(path.join(dataDir, 'roster.json'), 'old');
    await expect(restoreDataDir(backup, dataDir)).rejects.toThrow(/--force/);
    const { movedAside } = await restoreDataDir(backup, dataDir, true);
    expect(await fs.readFile(path.join(movedAside ?? '', 'roster.json'), 'utf8')).toBe('old');
    expect(await fs.readFile(path.join(dataDir, 'roster.json'), 'utf8')).toContain('"accounts"');
    await expect(backupDataDir(source, backup)).rejects.toThrow(/not empty/);
    await fs.rm(movedAside ?? '', { recursive: true, force: true });
  });
});
