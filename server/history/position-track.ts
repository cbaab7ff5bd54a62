// Officer positions as a time series for replay: fixes sampled per officer (one every `sampleMs`, or
// sooner when the officer moved far or changed what it was doing) and kept for a retention period,
// in day files under DATA_DIR/tracks (journal) or a sorted set per day in Redis (several nodes).
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { distanceMeters } from '../../shared/geo';
import type { OfficerPosition } from '../../shared/protocol';
import type { PositionStore } from '../positions';
import { runWithin, type RedisConnection } from '../store/redis-connection';

const DAY_MS = 86_400_000;
/** A fix this far from the officer's last kept one is kept whatever the time since. */
export const SAMPLE_MOVE_M = 150;

export interface TrackStore {
  /** Keeps fixes, in order: one write for the lot (a fix intake flush), never one per fix. */
  appendMany(positions: readonly OfficerPosition[]): Promise<void>;
  /** Kept fixes received in [from, to), oldest first. */
  range(from: number, to: number): Promise<OfficerPosition[]>;
  /** Drops what is older than the retention period. */
  prune(now: number): Promise<void>;
}

const dayOf = (at: number): string => new Date(at).toISOString().slice(0, 10);
function daysBetween(from: number, to: number): string[] {
  const days: string[] = [];
  for (let t = Math.floor(from / DAY_MS) * DAY_MS; t < to; t += DAY_MS) days.push(dayOf(t));
  return days;
}

/** One JSON Lines file per UTC day; telemetry, so not fsynced (a crash may lose the last seconds). */
export class FileTrackStore implements TrackStore {
  private made: Promise<string | undefined> | null = null;

  constructor(
    private readonly dir: string,
    private readonly retentionMs: number,
  ) {}

  async appendMany(positions: readonly OfficerPosition[]): Promise<void> {
    if (positions.length === 0) return;
    this.made ??= fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.made;
    // One append per day file touched (a batch around midnight touches two): at thousands of fixes a
    // second, an open-write-close per fix would queue the journal's fsync behind them in the thread pool.
    for (const [day, fixes] of byDay(positions)) {
      const text = fixes.map((p) => JSON.stringify(p) + '\n').join('');
      await fs.promises.appendFile(this.fileOf(day), text, { mode: 0o600 });
    }
  }

  async range(from: number, to: number): Promise<OfficerPosition[]> {
    const found: OfficerPosition[] = [];
    for (const day of daysBetween(from, to)) {
      const file = this.fileOf(day);
      if (!fs.existsSync(file)) continue;
      const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
      for await (const line of lines) {
        const p = parseFix(line);
        if (p && p.receivedAt >= from && p.receivedAt < to) found.push(p);
      }
    }
    return found.sort((a, b) => a.receivedAt - b.receivedAt);
  }

  async prune(now: number): Promise<void> {
    const oldest = dayOf(now - this.retentionMs);
    const names = await fs.promises.readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) {
      const day = /^(\d{4}-\d{2}-\d{2})\.jsonl$/.exec(name)?.[1];
      if (day !== undefined && day < oldest) await fs.promises.rm(path.join(this.dir, name), { force: true });
    }
  }

  private fileOf(day: string): string {
    return path.join(this.dir, `${day}.jsonl`);
  }
}

/** A sorted set per UTC day (score = receivedAt), expiring after the retention period. */
export class RedisTrackStore implements TrackStore {
  constructor(
    private readonly client: RedisConnection,
    private readonly prefix: string,
    private readonly retentionMs: number,
    private readonly timeoutMs = 2000,
  ) {}

  async appendMany(positions: readonly OfficerPosition[]): Promise<void> {
    if (positions.length === 0) return;
    const multi = this.client.multi();
    for (const [day, fixes] of byDay(positions)) {
      const key = this.keyOf(day);
      const dayStart = Math.floor((fixes[0]?.receivedAt ?? 0) / DAY_MS) * DAY_MS;
      multi
        .zAdd(
          key,
          fixes.map((p) => ({ score: p.receivedAt, value: JSON.stringify(p) })),
        )
        .expireAt(key, Math.ceil((dayStart + DAY_MS + this.retentionMs) / 1000));
    }
    await runWithin(multi.exec(), this.timeoutMs, 'record track');
  }

  async range(from: number, to: number): Promise<OfficerPosition[]> {
    const found: OfficerPosition[] = [];
    for (const day of daysBetween(from, to)) {
      const values = await runWithin(
        this.client.zRangeByScore(this.keyOf(day), from, `(${to}`),
        this.timeoutMs,
        'read track',
      );
      for (const v of values) {
        const p = parseFix(String(v));
        if (p) found.push(p);
      }
    }
    return found;
  }

  async prune(): Promise<void> {
    // Each day's key expires by itself.
  }

  private keyOf(day: string): string {
    return `${this.prefix}track:${day}`;
  }
}

/** Fixes grouped by the UTC day they were received, each group in the order given. */
function byDay(positions: readonly OfficerPosition[]): Map<string, OfficerPosition[]> {
  const days = new Map<string, OfficerPosition[]>();
  for (const p of positions) {
    const day = dayOf(p.receivedAt);
    const group = days.get(day);
    if (group) group.push(p);
    else days.set(day, [p]);
  }
  return days;
}

function parseFix(line: string): OfficerPosition | null {
  try {
    const p = JSON.parse(line) as OfficerPosition;
    return typeof p.officerId === 'string' && typeof p.receivedAt === 'number' ? p : null;
  } catch {
    return null;
  }
}

/**
 * The live position store, plus the sampled time series: a fix is kept when `sampleMs` passed since
 * the officer's last kept one or it moved SAMPLE_MOVE_M. A failed track write never fails the fix.
 */
export class TrackedPositionStore implements PositionStore {
  private readonly lastKept = new Map<string, OfficerPosition>();
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly inner: PositionStore,
    private readonly track: TrackStore,
    private readonly sampleMs: number,
  ) {}

  async record(position: OfficerPosition): Promise<void> {
    await this.recordMany([position]);
  }

  async recordMany(positions: readonly OfficerPosition[]): Promise<void> {
    await this.inner.recordMany(positions);
    const kept = positions.filter((position) => this.sample(position));
    if (kept.length === 0) return;
    // Not awaited: the officers' acks (and the live batch) never wait for the replay copy. Chained, so
    // the fixes are kept in the order they came; one write per batch.
    this.writing = this.writing
      .then(() => this.track.appendMany(kept))
      .catch((error: unknown) => console.error(`positions: could not keep ${kept.length} fix(es) for replay`, error));
  }

  /** Whether the fix is kept for replay (and noted as the officer's last kept one). */
  private sample(position: OfficerPosition): boolean {
    const last = this.lastKept.get(position.officerId);
    const due =
      !last ||
      position.receivedAt - last.receivedAt >= this.sampleMs ||
      distanceMeters(last, position) >= SAMPLE_MOVE_M;
    if (due) this.lastKept.set(position.officerId, position);
    return due;
  }

  /** Resolves once every fix kept so far is written. */
  flush(): Promise<void> {
    return this.writing;
  }

  latest(): Promise<OfficerPosition[]> {
    return this.inner.latest();
  }

  trail(officerId: string): Promise<OfficerPosition[]> {
    return this.inner.trail(officerId);
  }
}
