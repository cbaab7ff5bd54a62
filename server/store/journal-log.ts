// The whole log, from seq 1: the archived segments (DATA_DIR/journal/archive, which start-up never
// reads) and the segments still in place, one segment at a time so a long log is never all in memory.
// Read-only: a torn last line (a crash mid-append) is skipped here, not cut off the file.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DispatchEvent } from '../../shared/events';
import { ARCHIVE_DIR_NAME, journalLines, SEGMENT_PATTERN } from './journal-store';

interface SegmentFile {
  firstSeq: number;
  file: string;
}

async function segmentsIn(dir: string): Promise<SegmentFile[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.flatMap((n) => {
    const match = SEGMENT_PATTERN.exec(n);
    return match ? [{ firstSeq: Number(match[1]), file: path.join(dir, n) }] : [];
  });
}

/**
 * Every segment of the log in seq order. The segments in place are listed before the archive: compaction
 * only ever moves one from there to the archive, so a segment moved between the two listings (a server
 * compacting while a backup runs) is seen twice, never missed. Seen twice (also in a backup taken during a
 * compaction), the archived copy wins: it was closed when it moved, and the one in place may be gone.
 */
export async function logSegments(journalDir: string): Promise<SegmentFile[]> {
  const inPlace = await segmentsIn(journalDir);
  const archived = await segmentsIn(path.join(journalDir, ARCHIVE_DIR_NAME));
  const bySeq = new Map<number, SegmentFile>();
  for (const s of [...inPlace, ...archived]) bySeq.set(s.firstSeq, s);
  return [...bySeq.values()].sort((a, b) => a.firstSeq - b.firstSeq);
}

/**
 * Calls `onEvents` with each segment's events, in seq order from seq 1. Throws on a gap (the log is
 * not whole: a segment is missing) or a damaged line anywhere but the very end of the log.
 */
export async function readWholeLog(
  journalDir: string,
  onEvents: (events: DispatchEvent[]) => void | Promise<void>,
): Promise<number> {
  const segments = await logSegments(journalDir);
  let last = 0;
  for (const [i, segment] of segments.entries()) {
    if (segment.firstSeq !== last + 1) {
      // A journal compacted by an older version (which deleted segments) cannot be replayed from seq 1.
      throw new Error(`${segment.file}: starts at seq ${segment.firstSeq}, expected ${last + 1}: the log is not whole`);
    }
    const isLast = i === segments.length - 1;
    const events = await readSegmentFile(segment.file, isLast).catch((error: unknown) => {
      // Listed in place, then moved to the archive by a compaction before it was read: it is there, whole.
      const moved = path.join(journalDir, ARCHIVE_DIR_NAME, path.basename(segment.file));
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && segment.file !== moved) {
        return readSegmentFile(moved, isLast);
      }
      throw error;
    });
    for (const e of events) {
      if (e.seq !== last + 1) throw new Error(`${segment.file}: seq ${last} is followed by ${e.seq}`);
      last = e.seq;
    }
    await onEvents(events);
  }
  return last;
}

/** Complete batches only; an unreadable line is an error unless it is the last segment's torn tail. */
async function readSegmentFile(file: string, isLast: boolean): Promise<DispatchEvent[]> {
  const buffer = await fs.readFile(file);
  const events: DispatchEvent[] = [];
  let batch: DispatchEvent[] = [];
  const lines = journalLines(buffer);
  for (const [i, { line }] of lines.entries()) {
    if (line === null) {
      if (isLast && i === lines.length - 1) break;
      throw new Error(`${file}:${i + 1}: corrupt journal line`);
    }
    batch.push(line.event);
    if (!line.more) {
      for (const e of batch) events.push(e);
      batch = [];
    }
  }
  if (batch.length > 0 && !isLast) throw new Error(`${file}: unfinished batch in a closed segment`);
  return events;
}

/**
 * Checks cheaply (counting lines, parsing nothing) that the segments form one log from `firstSeq`: each
 * starts where the one before it ended. Returns the seq the last closed segment ends at. Throws on a gap.
 */
export async function checkLogChain(journalDir: string, firstSeq = 1): Promise<number> {
  const segments = await logSegments(journalDir);
  let next = firstSeq;
  for (const [i, segment] of segments.entries()) {
    if (segment.firstSeq !== next) {
      throw new Error(`${segment.file}: starts at seq ${segment.firstSeq}, expected ${next}: the log is not whole`);
    }
    if (i === segments.length - 1) break; // the open segment: the journal's own load checks it
    const buffer = await fs.readFile(segment.file);
    let lines = 0;
    for (let at = buffer.indexOf(0x0a); at !== -1; at = buffer.indexOf(0x0a, at + 1)) lines++;
    next = segment.firstSeq + lines;
  }
  return next - 1;
}
