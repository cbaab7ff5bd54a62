// The operator's way out of a damaged journal (`npm run journal -- verify|repair`). Verify reads every
// segment as start-up does and names the first damaged line. Repair sets the damaged tail aside (the
// damaged line, everything after it, and any later segments) into a quarantine folder beside the
// journal, so the server starts from the events before the damage. Nothing is ever deleted.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { journalLines, parseLine, SEGMENT_PATTERN, SNAPSHOT_FILE_NAME, syncPath } from './journal-store';

export interface SegmentReport {
  file: string;
  /** Complete lines that read back as events. */
  events: number;
  /** Line number (1-based) of the first unreadable line, or null. */
  badLine: number | null;
  /** The unreadable line is the file's last line of the last segment: a crash mid-write, not damage. */
  tornTail: boolean;
}

export interface VerifyReport {
  dir: string;
  segments: SegmentReport[];
  events: number;
  /** The first damage start-up would refuse ("file:line"), or null when start-up would succeed. */
  damage: string | null;
  snapshotSeq: number | null;
}

export interface RepairReport extends VerifyReport {
  /** Where the damaged tail was moved; null when there was nothing to set aside. */
  quarantine: string | null;
  /** Lines set aside (readable events and damaged lines). */
  linesSetAside: number;
  /** Of those, how many were readable events. */
  eventsSetAside: number;
}

interface Line {
  start: number;
  end: number;
  readable: boolean;
}

async function segmentFiles(dir: string): Promise<string[]> {
  const names = (await fs.readdir(dir)).filter((n) => SEGMENT_PATTERN.test(n)).sort();
  return names.map((n) => path.join(dir, n));
}

async function linesOf(file: string): Promise<{ buffer: Buffer; lines: Line[] }> {
  const buffer = await fs.readFile(file);
  const lines = journalLines(buffer).map(({ line, start, end }) => ({ start, end, readable: line !== null }));
  return { buffer, lines };
}

async function snapshotSeq(dir: string): Promise<number | null> {
  try {
    const raw: unknown = JSON.parse(await fs.readFile(path.join(dir, SNAPSHOT_FILE_NAME), 'utf8'));
    return typeof raw === 'object' && raw !== null && 'seq' in raw && typeof raw.seq === 'number' ? raw.seq : null;
  } catch {
    return null;
  }
}

export async function verifyJournal(dir: string): Promise<VerifyReport> {
  const files = await segmentFiles(dir);
  const segments: SegmentReport[] = [];
  let damage: string | null = null;
  for (const [i, file] of files.entries()) {
    const { lines } = await linesOf(file);
    const bad = lines.findIndex((l) => !l.readable);
    const tornTail = bad !== -1 && bad === lines.length - 1 && i === files.length - 1;
    segments.push({
      file,
      events: lines.filter((l) => l.readable).length,
      badLine: bad === -1 ? null : bad + 1,
      tornTail,
    });
    if (bad !== -1 && !tornTail) damage ??= `${file}:${bad + 1}`;
  }
  return {
    dir,
    segments,
    events: segments.reduce((n, s) => n + s.events, 0),
    damage,
    snapshotSeq: await snapshotSeq(dir),
  };
}

/** Moves the damaged tail into `<dir>/quarantine-<stamp>/`; the journal keeps the events before it. */
export async function repairJournal(dir: string, now = new Date()): Promise<RepairReport> {
  const report = await verifyJournal(dir);
  const firstBad = report.segments.findIndex((s) => s.badLine !== null && !s.tornTail);
  if (firstBad === -1) return { ...report, quarantine: null, linesSetAside: 0, eventsSetAside: 0 };
  const quarantine = path.join(dir, `quarantine-${now.toISOString().replace(/[:.]/g, '-')}`);
  await fs.mkdir(quarantine, { recursive: true });
  let linesSetAside = 0;
  let eventsSetAside = 0;
  // What the journal keeps, decided before anything moves: the segments before the damage, and the
  // damaged one itself when its damage starts after line 1 (a segment damaged from line 1 goes whole).
  const damaged = report.segments[firstBad];
  const kept = report.segments.slice(0, firstBad + (damaged && (damaged.badLine ?? 1) > 1 ? 1 : 0)).map((x) => x.file);
  for (const [i, segment] of report.segments.entries()) {
    if (i < firstBad) continue;
    const { buffer, lines } = await linesOf(segment.file);
    const from = i === firstBad ? (segment.badLine ?? 1) - 1 : 0;
    const aside = lines.slice(from);
    linesSetAside += aside.length;
    eventsSetAside += aside.filter((l) => l.readable).length;
    const base = path.basename(segment.file);
    if (from === 0) {
      await fs.rename(segment.file, path.join(quarantine, base));
      continue;
    }
    const cut = lines[from]?.start ?? buffer.length;
    const tail = path.join(quarantine, `${base}.from-line-${from + 1}`);
    await fs.writeFile(tail, buffer.subarray(cut), { mode: 0o600 });
    await syncPath(tail);
    await fs.truncate(segment.file, cut);
  }
  // A snapshot newer than the events kept already holds their effect, and new events would follow it with
  // a gap in the journal: set the kept segments aside too, so start-up goes by the snapshot alone.
  const snapshot = report.snapshotSeq ?? 0;
  if (snapshot > (await lastSeq(kept))) {
    for (const file of kept) {
      const { lines } = await linesOf(file);
      linesSetAside += lines.length;
      eventsSetAside += lines.filter((l) => l.readable).length;
      await fs.rename(file, path.join(quarantine, path.basename(file)));
    }
  }
  return { ...(await verifyJournal(dir)), quarantine, linesSetAside, eventsSetAside };
}

/** Seq of the last readable event in `files` (in order), 0 when none. */
async function lastSeq(files: string[]): Promise<number> {
  for (const file of [...files].reverse()) {
    const { buffer, lines } = await linesOf(file);
    for (const line of [...lines].reverse()) {
      const parsed = line.readable ? parseLine(buffer.subarray(line.start, line.end - 1)) : null;
      if (parsed) return parsed.event.seq;
    }
  }
  return 0;
}
