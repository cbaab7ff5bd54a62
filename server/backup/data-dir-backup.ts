// A consistent copy of DATA_DIR while the server runs, and putting one back. The journal is append-only
// (segments grow, snapshots are renamed into place, segments a snapshot covers move to journal/archive/,
// never deleted), so a copy is consistent when it opens as a journal (every event from the snapshot on,
// no gap) and its archive joins up with it from seq 1. A copy taken while a compaction moved a segment
// under it may miss it (it is taken again) or hold it twice (the copy in place wins when read). A torn
// last line (an append in flight) is cut from the copy by the journal's own open, exactly as after a
// crash: what was acknowledged before the copy began is in it. The other files are written atomically
// (roster, token secret, certificates) or append-only (audit), so a plain copy of each is whole.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { checkLogChain, logSegments } from '../store/journal-log';
import { ARCHIVE_DIR_NAME, JournalStore, SEGMENT_PATTERN, SNAPSHOT_FILE_NAME } from '../store/journal-store';

export const MANIFEST_NAME = 'backup.json';
const JOURNAL_DIR = 'journal';
const ATTEMPTS = 5;
/** Everything in DATA_DIR but the journal, when present. */
const FILES = ['roster.json', 'token-secret', 'audit.jsonl'];
// history/ (the read model of archived requests, rebuildable from the journal and its archive) and tracks/
// (replay positions) are copied after the journal, so the copy's history holds at least every request its
// journal has archived.
const DIRS = ['tls', 'history', 'tracks'];

export interface BackupManifest {
  version: 1;
  takenAt: string;
  /** journal: the log is in this backup; redis: only accounts and secrets (back up Redis with its own tools). */
  store: 'journal' | 'redis';
  /** Last seq in the backed-up journal (0 for redis). */
  seq: number;
  files: string[];
}

const exists = (file: string) =>
  fs.stat(file).then(
    () => true,
    () => false,
  );

async function emptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await fs.readdir(dir)).length === 0;
  } catch {
    return true;
  }
}

/** Copies one file keeping its mode (owner-only files stay owner-only). */
async function copyFile(from: string, to: string): Promise<void> {
  const { mode } = await fs.stat(from);
  await fs.mkdir(path.dirname(to), { recursive: true, mode: 0o700 });
  await fs.copyFile(from, to);
  await fs.chmod(to, mode & 0o777);
}

async function copyTree(from: string, to: string, skip: (name: string) => boolean = () => false): Promise<string[]> {
  const copied: string[] = [];
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    if (skip(entry.name)) continue;
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) {
      // One push per file: an archive of thousands of segments is not spread into a call.
      for (const f of await copyTree(source, path.join(to, entry.name), skip)) copied.push(path.join(entry.name, f));
    } else if (entry.isFile()) {
      await copyFile(source, path.join(to, entry.name));
      copied.push(entry.name);
    }
  }
  return copied;
}

/** Every file under `dir`, relative to it. */
async function listTree(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory())
      for (const f of await listTree(path.join(dir, entry.name))) found.push(path.join(entry.name, f));
    else if (entry.isFile()) found.push(entry.name);
  }
  return found;
}

/** Opens a journal copy the way the server would; its last seq. Throws when it is not whole. */
async function journalSeq(dir: string): Promise<number> {
  const store = new JournalStore(dir);
  try {
    const { snapshot, events } = await store.load();
    return events.at(-1)?.seq ?? snapshot?.seq ?? 0;
  } finally {
    await store.close();
  }
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** Copies archive/ keeping files a failed attempt already copied whole: an archived segment never changes. */
async function copyArchive(from: string, to: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(from);
  } catch (error) {
    if (isMissing(error)) return; // nothing archived yet
    throw error;
  }
  for (const name of names.filter((n) => SEGMENT_PATTERN.test(n))) {
    const [source, copied] = await Promise.all([
      fs.stat(path.join(from, name)),
      fs.stat(path.join(to, name)).catch(() => null),
    ]);
    if (copied?.size === source.size) continue;
    await copyFile(path.join(from, name), path.join(to, name));
  }
}

async function copyJournal(from: string, to: string): Promise<number> {
  // Where the source's log begins (1, or later for a journal an older version compacted by deleting):
  // nothing is deleted now, so this cannot move while the copy is taken.
  const firstSeq = (await logSegments(from))[0]?.firstSeq ?? 1;
  await fs.mkdir(to, { recursive: true, mode: 0o700 });
  let lastError: unknown;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      // What is in place is taken afresh each attempt (the open segment grows); archive/ is kept.
      for (const name of await fs.readdir(to)) {
        if (name !== ARCHIVE_DIR_NAME) await fs.rm(path.join(to, name), { recursive: true, force: true });
      }
      // The snapshot first: segments it needs move to archive/ only after a newer snapshot replaced it.
      if (await exists(path.join(from, SNAPSHOT_FILE_NAME)))
        await copyFile(path.join(from, SNAPSHOT_FILE_NAME), path.join(to, SNAPSHOT_FILE_NAME));
      // Then the few segments in place, before the archive: one a compaction moves from here to archive/
      // meanwhile is skipped here and found there.
      for (const name of (await fs.readdir(from)).filter((n) => SEGMENT_PATTERN.test(n))) {
        try {
          await copyFile(path.join(from, name), path.join(to, name));
        } catch (error) {
          if (!isMissing(error)) throw error;
        }
      }
      await copyArchive(path.join(from, ARCHIVE_DIR_NAME), path.join(to, ARCHIVE_DIR_NAME));
      // The archive must join up with what is in place: the copy holds the whole log, not only its tail.
      await checkLogChain(to, firstSeq);
      return await journalSeq(to);
    } catch (error) {
      lastError = error; // the snapshot's segments moved to archive/ after the snapshot was copied: again
    }
  }
  throw new Error(`could not take a consistent copy of ${from}: ${String(lastError)}`);
}

export async function backupDataDir(
  dataDir: string,
  target: string,
  store: 'journal' | 'redis' = 'journal',
): Promise<BackupManifest> {
  if (!(await emptyOrMissing(target))) throw new Error(`${target} is not empty; give a new directory`);
  await fs.mkdir(target, { recursive: true, mode: 0o700 });
  const files: string[] = [];
  let seq = 0;
  if (store === 'journal') {
    const journal = path.join(dataDir, JOURNAL_DIR);
    if (await exists(journal)) {
      seq = await copyJournal(journal, path.join(target, JOURNAL_DIR));
      for (const f of await listTree(path.join(target, JOURNAL_DIR))) files.push(path.join(JOURNAL_DIR, f));
    }
  }
  for (const name of FILES) {
    if (!(await exists(path.join(dataDir, name)))) continue;
    await copyFile(path.join(dataDir, name), path.join(target, name));
    files.push(name);
  }
  for (const name of DIRS) {
    if (!(await exists(path.join(dataDir, name)))) continue;
    const copied = await copyTree(path.join(dataDir, name), path.join(target, name));
    for (const f of copied) files.push(path.join(name, f));
  }
  const manifest: BackupManifest = { version: 1, takenAt: new Date().toISOString(), store, seq, files };
  await fs.writeFile(path.join(target, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

export async function readManifest(backup: string): Promise<BackupManifest> {
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(path.join(backup, MANIFEST_NAME), 'utf8'));
  } catch (error) {
    throw new Error(`${backup} is not a backup (no readable ${MANIFEST_NAME}: ${(error as Error).message})`);
  }
  const m = raw as Partial<BackupManifest>;
  if (m.version !== 1 || typeof m.seq !== 'number' || !Array.isArray(m.files)) {
    throw new Error(`${path.join(backup, MANIFEST_NAME)} is not a backup manifest this version reads`);
  }
  return m as BackupManifest;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where the data that was in DATA_DIR went (with force), or null when it was empty. */
  movedAside: string | null;
}

/**
 * Puts a backup into DATA_DIR (the server must be stopped). Checks the backup opens at its seq first.
 * A DATA_DIR holding data is refused unless `force`, which moves it aside rather than deleting it.
 */
export async function restoreDataDir(backup: string, dataDir: string, force = false): Promise<RestoreResult> {
  const manifest = await readManifest(backup);
  for (const file of manifest.files) {
    if (!(await exists(path.join(backup, file)))) throw new Error(`the backup lacks ${file}, which its manifest lists`);
  }
  if (manifest.store === 'journal' && (await exists(path.join(backup, JOURNAL_DIR)))) {
    const scratch = await fs.mkdtemp(path.join(path.dirname(path.resolve(dataDir)), '.restore-check-'));
    try {
      await copyTree(path.join(backup, JOURNAL_DIR), scratch);
      // A backup missing archived segments opens (start-up never reads archive/) but its log is not whole.
      await checkLogChain(scratch, (await logSegments(scratch))[0]?.firstSeq ?? 1);
      const seq = await journalSeq(scratch);
      if (seq !== manifest.seq)
        throw new Error(`the backup's journal ends at seq ${seq}, its manifest says ${manifest.seq}`);
    } finally {
      await fs.rm(scratch, { recursive: true, force: true });
    }
  }
  let movedAside: string | null = null;
  if (!(await emptyOrMissing(dataDir))) {
    if (!force) {
      throw new Error(
        `${dataDir} already holds data; stop the server and run again with --force (the current data is moved aside, not deleted)`,
      );
    }
    movedAside = `${path.resolve(dataDir)}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await fs.rename(dataDir, movedAside);
  }
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  await copyTree(backup, dataDir, (name) => name === MANIFEST_NAME);
  return { manifest, movedAside };
}
