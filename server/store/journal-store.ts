// The embedded event log: JSON Lines under a directory, one line per event, fsynced before an append
// resolves. The log is split into segments `journal-<firstSeq>.jsonl`; after a snapshot the current
// segment is closed and older segments the snapshot covers move to `archive/`, keeping the previous one
// in place so a client that dropped off recently can still catch up from events instead of a full
// snapshot. Nothing is ever deleted (the log is the system of record: the history read model is rebuilt
// from it), but start-up reads only the snapshot and the segments left in place, so its cost does not
// grow with the archive.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DispatchEventSchema, type DispatchEvent, type EventDraft } from '../../shared/events';
import { assertReadable } from './readable-events';
import {
  SeqConflictError,
  StorageUnavailableError,
  type LoadResult,
  type Snapshot,
  type Store,
  type StoreHealth,
} from './store';

const SNAPSHOT_FILE = 'snapshot.json';
export const SNAPSHOT_FILE_NAME = SNAPSHOT_FILE;
export const SEGMENT_PATTERN = /^journal-(\d+)\.jsonl$/;
/** Where compaction moves the segments a snapshot covers (inside the journal directory). */
export const ARCHIVE_DIR_NAME = 'archive';

/** Lines of a multi-event append carry `more: true` except the last, so a torn batch is dropped whole. */
interface JournalLine {
  event: DispatchEvent;
  more: boolean;
}

interface Segment {
  firstSeq: number;
  file: string;
}

const segmentName = (firstSeq: number): string => `journal-${String(firstSeq).padStart(12, '0')}.jsonl`;

export class JournalStore implements Store {
  readonly kind = 'journal' as const;
  private head = 0;
  private segments: Segment[] = [];
  /** Events of the segments still on disk, in seq order (bounded by compaction). */
  private retained: DispatchEvent[] = [];
  private handle: fs.FileHandle | null = null;
  /** Bytes of the open segment known to be stored; a failed write is truncated back to this. */
  private goodSize = 0;
  private failure: string | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  /** Snapshot files are written one at a time, beside the appends (only the rotation joins their chain). */
  private snapshotChain: Promise<unknown> = Promise.resolve();
  private loaded = false;

  constructor(private readonly dir: string) {}

  async load(): Promise<LoadResult> {
    await fs.mkdir(this.dir, { recursive: true });
    const snapshot = await this.readSnapshot();
    const names = (await fs.readdir(this.dir)).filter((n) => SEGMENT_PATTERN.test(n));
    this.segments = names
      .map((n) => ({ firstSeq: Number(SEGMENT_PATTERN.exec(n)?.[1]), file: path.join(this.dir, n) }))
      .sort((a, b) => a.firstSeq - b.firstSeq);
    this.retained = [];
    for (const [i, segment] of this.segments.entries()) {
      const isLast = i === this.segments.length - 1;
      const events = await this.readSegment(segment, isLast);
      const expected = segment.firstSeq;
      if (events[0] && events[0].seq !== expected) {
        throw new Error(`${segment.file}: first event has seq ${events[0].seq}, expected ${expected}`);
      }
      // One push per event: spreading a 300k-event segment into push() overflows the stack.
      for (const e of events) this.retained.push(e);
    }
    this.retained.forEach((e, i) => {
      const prev = this.retained[i - 1];
      if (prev && e.seq !== prev.seq + 1) throw new Error(`journal gap: seq ${prev.seq} is followed by ${e.seq}`);
    });
    const snapshotSeq = snapshot?.seq ?? 0;
    this.head = Math.max(snapshotSeq, this.retained.at(-1)?.seq ?? 0);
    const first = this.retained[0];
    if (first && first.seq > snapshotSeq + 1) {
      throw new Error(`journal starts at seq ${first.seq} but the snapshot ends at ${snapshotSeq}: events are missing`);
    }
    this.loaded = true;
    this.failure = null;
    return { snapshot, events: this.retained.filter((e) => e.seq > snapshotSeq) };
  }

  append(expectedSeq: number, drafts: readonly EventDraft[]): Promise<DispatchEvent[]> {
    return this.serialized(async () => {
      if (!this.loaded) throw new StorageUnavailableError('journal not loaded');
      if (expectedSeq !== this.head) throw new SeqConflictError(expectedSeq, this.head);
      if (drafts.length === 0) return [];
      const events = drafts.map((d, i) => ({ ...d, seq: expectedSeq + i + 1 }) as DispatchEvent);
      assertReadable(events);
      const text = events
        .map((event, i) => JSON.stringify(i < events.length - 1 ? { ...event, more: true } : event) + '\n')
        .join('');
      try {
        const handle = await this.openForAppend();
        // A previous write may have left a partial line: cut back to what is known stored.
        if (this.failure) await handle.truncate(this.goodSize);
        const bytes = Buffer.from(text, 'utf8');
        const { bytesWritten } = await handle.write(bytes, 0, bytes.length, this.goodSize);
        if (bytesWritten !== bytes.length) throw new Error(`short write (${bytesWritten} of ${bytes.length} bytes)`);
        await handle.datasync();
        this.goodSize += bytes.length;
        this.failure = null;
      } catch (error) {
        this.failure = error instanceof Error ? error.message : String(error);
        throw new StorageUnavailableError(`journal write failed: ${this.failure}`, { cause: error });
      }
      this.head = events.at(-1)?.seq ?? this.head;
      for (const e of events) this.retained.push(e);
      return events;
    });
  }

  async readAfter(afterSeq: number, limit: number): Promise<DispatchEvent[] | null> {
    if (afterSeq >= this.head) return [];
    const firstKept = this.retained[0]?.seq ?? this.head + 1;
    if (afterSeq + 1 < firstKept) return null;
    const start = afterSeq + 1 - firstKept;
    return this.retained.slice(start, start + limit);
  }

  /**
   * Serialised at once (the caller may hand over a state that moves on), written and fsynced while appends
   * carry on: at province scale the file is megabytes and its fsync tens of milliseconds, which commands
   * must not wait for. Only the rotation, which closes the open segment, runs in the append chain. A crash
   * between the rename and the rotation leaves events the snapshot covers in place; load skips them.
   */
  saveSnapshot(snapshot: Snapshot): Promise<void> {
    if (!this.loaded) return Promise.reject(new StorageUnavailableError('journal not loaded'));
    if (snapshot.seq > this.head) {
      return Promise.reject(new Error(`snapshot seq ${snapshot.seq} is ahead of the log (${this.head})`));
    }
    const text = JSON.stringify(snapshot);
    const written = this.snapshotChain.then(async () => {
      const target = path.join(this.dir, SNAPSHOT_FILE);
      const tmp = `${target}.tmp`;
      const file = await fs.open(tmp, 'w', 0o600);
      try {
        await file.writeFile(text);
        await file.sync();
      } finally {
        await file.close();
      }
      await fs.rename(tmp, target);
      await syncPath(this.dir);
    });
    const rotated = written.then(() => this.serialized(() => this.rotate(snapshot.seq)));
    // The next snapshot (and close) waits for the rotation too, not just the file.
    this.snapshotChain = rotated.catch(() => undefined);
    return rotated;
  }

  onAppendedElsewhere(): () => void {
    // One process owns the journal: nobody else appends.
    return () => undefined;
  }

  async health(): Promise<StoreHealth> {
    const ok = this.loaded && this.failure === null;
    const detail = !this.loaded ? 'not loaded' : (this.failure ?? `journal at ${this.dir}`);
    return { ok, kind: 'journal', detail, seq: this.head };
  }

  async close(): Promise<void> {
    await this.snapshotChain;
    await this.serialized(async () => {
      await this.handle?.close();
      this.handle = null;
      this.loaded = false;
    });
  }

  /** Runs appends, rotations and close one at a time, in call order. */
  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async openForAppend(): Promise<fs.FileHandle> {
    if (this.handle) return this.handle;
    let segment = this.segments.at(-1);
    if (!segment) {
      segment = { firstSeq: this.head + 1, file: path.join(this.dir, segmentName(this.head + 1)) };
      this.segments.push(segment);
    }
    const handle = await fs.open(segment.file, 'a+', 0o600);
    this.goodSize = (await handle.stat()).size;
    await syncPath(this.dir);
    this.handle = handle;
    return handle;
  }

  /** Closes the current segment and archives older ones the snapshot covers, keeping the previous segment. */
  private async rotate(snapshotSeq: number): Promise<void> {
    // Closed, or an append failed since the snapshot was taken: the open segment may end in bytes past
    // goodSize (a torn line, or a line never acknowledged) that only the next append cuts off. Closing it
    // now would leave them in a closed segment, which start-up refuses; a later snapshot rotates instead.
    if (!this.loaded || this.failure) return;
    const current = this.segments.at(-1);
    if (!current || current.firstSeq > this.head) return;
    await this.handle?.close();
    this.handle = null;
    this.segments.push({ firstSeq: this.head + 1, file: path.join(this.dir, segmentName(this.head + 1)) });
    // Closed segments, oldest first; the last closed one is kept for readAfter.
    const closed = this.segments.slice(0, -1);
    const covered = closed.slice(0, -1).filter((_s, i) => {
      const next = closed[i + 1];
      return next !== undefined && next.firstSeq - 1 <= snapshotSeq;
    });
    if (covered.length > 0) {
      const archive = path.join(this.dir, ARCHIVE_DIR_NAME);
      await fs.mkdir(archive, { recursive: true, mode: 0o700 });
      // A rename within one directory tree: the segment is in one place or the other, never neither.
      for (const s of covered) {
        await fs.rename(s.file, path.join(archive, path.basename(s.file)));
        // Forgotten at once: when a later rename fails, the next compaction must not move this one again.
        this.forgetOldest(s);
      }
      await syncPath(archive);
      await syncPath(this.dir);
    }
  }

  /** Drops `segment` (the oldest in place) and its events from what is served. */
  private forgetOldest(segment: Segment): void {
    this.segments = this.segments.filter((s) => s !== segment);
    const firstKept = this.segments[0]?.firstSeq ?? this.head + 1;
    this.retained = this.retained.filter((e) => e.seq >= firstKept);
  }

  private async readSnapshot(): Promise<Snapshot | null> {
    const file = path.join(this.dir, SNAPSHOT_FILE);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let parsed: Snapshot;
    try {
      parsed = JSON.parse(text) as Snapshot;
    } catch (error) {
      // Written by rename after an fsync, so this is damage, not a crash mid-write: say which file.
      throw new Error(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, {
        cause: error,
      });
    }
    if (typeof parsed.seq !== 'number' || typeof parsed.state !== 'object' || !Array.isArray(parsed.appliedCommands)) {
      throw new Error(`${file}: not a snapshot`);
    }
    return parsed;
  }

  /**
   * Reads one segment. In the last segment a torn or unparsable final line (and an unfinished batch
   * before it) is what a crash mid-write leaves: it is dropped with a warning and cut off the file.
   * Anywhere else a bad line means the file was damaged, and that is an error naming the line.
   */
  private async readSegment(segment: Segment, isLast: boolean): Promise<DispatchEvent[]> {
    const buffer = await fs.readFile(segment.file);
    const lines = journalLines(buffer);
    let keep = lines.length;
    const badAt = lines.findIndex((l) => l.line === null);
    if (badAt !== -1) {
      if (!isLast || badAt !== lines.length - 1) {
        throw new Error(`${segment.file}:${badAt + 1}: corrupt journal line`);
      }
      keep = badAt;
    }
    // An unfinished batch at the end (its last line never made it) is dropped too: all or nothing.
    while (keep > 0 && lines[keep - 1]?.line?.more) keep--;
    if (keep < lines.length) {
      if (!isLast) throw new Error(`${segment.file}:${keep + 1}: unfinished batch in a closed segment`);
      const cutAt = lines[keep]?.start ?? buffer.length;
      console.warn(
        `journal: dropping ${lines.length - keep} torn line(s) at the end of ${segment.file} (from line ${keep + 1})`,
      );
      await fs.truncate(segment.file, cutAt);
    }
    return lines.slice(0, keep).flatMap((l) => (l.line ? [l.line.event] : []));
  }
}

/** fsync a file or a directory (after a rename or a new file in it) by path. */
export async function syncPath(target: string): Promise<void> {
  const handle = await fs.open(target, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * A segment's lines with their byte ranges; `line` is null for an unparsable line or a last line
 * without its newline (torn). What to do about those is the reader's rule.
 */
export function journalLines(buffer: Buffer): { line: JournalLine | null; start: number; end: number }[] {
  const lines: { line: JournalLine | null; start: number; end: number }[] = [];
  let start = 0;
  while (start < buffer.length) {
    const nl = buffer.indexOf(0x0a, start);
    const end = nl === -1 ? buffer.length : nl + 1;
    lines.push({ line: nl === -1 ? null : parseLine(buffer.subarray(start, nl)), start, end });
    start = end;
  }
  return lines;
}

/** One journal line as start-up reads it: the event and its batch flag, or null when unreadable. */
export function parseLine(bytes: Buffer): JournalLine | null {
  try {
    const raw: unknown = JSON.parse(bytes.toString('utf8'));
    const event = DispatchEventSchema.safeParse(raw);
    if (!event.success) return null;
    const more = typeof raw === 'object' && raw !== null && 'more' in raw && raw.more === true;
    return { event: event.data as DispatchEvent, more };
  } catch {
    return null;
  }
}
