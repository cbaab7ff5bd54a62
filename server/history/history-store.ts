// The history read model on disk, beside the journal: every archived request as it last stood
// (records.jsonl, one JSON line each) and a compact summary index pointing into it (index.jsonl).
// Written synchronously while the projection applies the `request:archived` event, so it is on disk
// before any snapshot that no longer holds the request; a replay after a crash writes the same
// record again, and the last line for an id wins. Read lazily: start-up never opens the index.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { summarize, type HistoryRecord, type HistorySummary } from '../../shared/history';

/** Where the projection hands records it archives. */
export interface HistorySink {
  archive(records: readonly HistoryRecord[]): void;
}

/** The history read model: written by the projection, read by the history API. */
export interface HistoryArchive extends HistorySink {
  /** Every archived request's summary, oldest archived first. */
  summaries(): Promise<HistorySummary[]>;
  record(requestId: string): Promise<HistoryRecord | null>;
  /** Resolves once what was archived is stored (before the store's connection closes). */
  flush(): Promise<void>;
  close(): void;
}

interface IndexLine {
  s: HistorySummary;
  /** Byte offset and length of the record's line in records.jsonl. */
  o: number;
  n: number;
}

export class HistoryStore implements HistoryArchive {
  private readonly recordsFile: string;
  private readonly indexFile: string;
  private recordsFd: number | null = null;
  private indexFd: number | null = null;
  private recordsSize = 0;
  /** Loaded on the first query, then kept current by `archive`. Insertion order = archive order. */
  private index: Map<string, IndexLine> | null = null;
  private loading: Promise<Map<string, IndexLine>> | null = null;
  /** Lines archived while the index is being read (the read may end before them). */
  private pending: IndexLine[] = [];

  constructor(private readonly dir: string) {
    this.recordsFile = path.join(dir, 'records.jsonl');
    this.indexFile = path.join(dir, 'index.jsonl');
  }

  archive(records: readonly HistoryRecord[]): void {
    if (records.length === 0) return;
    this.open();
    const recordChunks: Buffer[] = [];
    const lines: IndexLine[] = [];
    let offset = this.recordsSize;
    for (const record of records) {
      const bytes = Buffer.from(JSON.stringify(record) + '\n', 'utf8');
      recordChunks.push(bytes);
      lines.push({ s: summarize(record), o: offset, n: bytes.length - 1 });
      offset += bytes.length;
    }
    const recordBytes = Buffer.concat(recordChunks);
    writeAll(this.recordsFd, recordBytes);
    fs.fdatasyncSync(this.recordsFd ?? -1);
    this.recordsSize += recordBytes.length;
    writeAll(this.indexFd, Buffer.from(lines.map((l) => JSON.stringify(l) + '\n').join(''), 'utf8'));
    fs.fdatasyncSync(this.indexFd ?? -1);
    if (this.index) for (const l of lines) setLast(this.index, l);
    else if (this.loading) this.pending = this.pending.concat(lines);
  }

  /** Every archived request's summary, oldest archived first. */
  async summaries(): Promise<HistorySummary[]> {
    const index = await this.loadIndex();
    return [...index.values()].map((l) => l.s);
  }

  async record(requestId: string): Promise<HistoryRecord | null> {
    const line = (await this.loadIndex()).get(requestId);
    if (!line) return null;
    const handle = await fs.promises.open(this.recordsFile, 'r');
    try {
      const buffer = Buffer.alloc(line.n);
      await handle.read(buffer, 0, line.n, line.o);
      return JSON.parse(buffer.toString('utf8')) as HistoryRecord;
    } catch (error) {
      console.error(`history: record ${requestId} is unreadable`, error);
      return null;
    } finally {
      await handle.close();
    }
  }

  /** Writes are synchronous: nothing waits. */
  async flush(): Promise<void> {}

  close(): void {
    for (const fd of [this.recordsFd, this.indexFd]) if (fd !== null) fs.closeSync(fd);
    this.recordsFd = null;
    this.indexFd = null;
  }

  private open(): void {
    if (this.recordsFd !== null && this.indexFd !== null) return;
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.recordsFd = fs.openSync(this.recordsFile, 'a+', 0o600);
    this.indexFd = fs.openSync(this.indexFile, 'a+', 0o600);
    // A crash mid-write leaves a torn last line: end it, so the next line is not glued onto it and lost.
    for (const fd of [this.recordsFd, this.indexFd]) endLastLine(fd);
    this.recordsSize = fs.fstatSync(this.recordsFd).size;
  }

  private loadIndex(): Promise<Map<string, IndexLine>> {
    if (this.index) return Promise.resolve(this.index);
    this.loading ??= readIndex(this.indexFile).then((loaded) => {
      for (const l of this.pending) setLast(loaded, l);
      this.pending = [];
      this.index = loaded;
      return loaded;
    });
    return this.loading;
  }
}

function setLast(index: Map<string, IndexLine>, line: IndexLine): void {
  index.delete(line.s.id);
  index.set(line.s.id, line);
}

function writeAll(fd: number | null, bytes: Buffer): void {
  if (fd === null) throw new Error('history store not open');
  let written = 0;
  while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
}

/** Streams the index (never the whole file in one string); a torn last line after a crash is skipped. */
async function readIndex(file: string): Promise<Map<string, IndexLine>> {
  const index = new Map<string, IndexLine>();
  if (!fs.existsSync(file)) return index;
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let bad = 0;
  for await (const text of lines) {
    if (text === '') continue;
    try {
      setLast(index, JSON.parse(text) as IndexLine);
    } catch {
      bad++;
    }
  }
  if (bad > 0) console.warn(`history: skipped ${bad} unreadable line(s) in ${file}`);
  return index;
}

function endLastLine(fd: number): void {
  const size = fs.fstatSync(fd).size;
  if (size === 0) return;
  const last = Buffer.alloc(1);
  fs.readSync(fd, last, 0, 1, size - 1);
  if (last[0] !== 0x0a) fs.writeSync(fd, '\n');
}
