// The history read model for several nodes on one Redis (they share DATA_DIR, so a file each would
// collide): two hashes, `history:index` (id → summary) and `history:records` (id → record). Every node
// applies every `request:archived` event, so every node writes the same record; HSET makes that
// harmless, and a node that was down when the event came writes it again from the log when it catches up.
// Writes leave the apply path at once (Redis is asynchronous) and are retried until Redis takes them.
import { summarize, type HistoryRecord, type HistorySummary } from '../../shared/history';
import { runWithin, type RedisConnection } from '../store/redis-connection';
import type { HistoryArchive } from './history-store';

const RETRY_MS = 1000;

export class RedisHistoryStore implements HistoryArchive {
  private readonly indexKey: string;
  private readonly recordsKey: string;
  private pending: HistoryRecord[] = [];
  private flushing: Promise<void> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly client: RedisConnection,
    prefix: string,
    private readonly timeoutMs = 5000,
  ) {
    this.indexKey = `${prefix}history:index`;
    this.recordsKey = `${prefix}history:records`;
  }

  archive(records: readonly HistoryRecord[]): void {
    if (records.length === 0) return;
    this.pending = this.pending.concat(records);
    void this.flush();
  }

  /** Resolves once everything archived so far is in Redis (or the store is closed). */
  async flush(): Promise<void> {
    while (this.pending.length > 0 && !this.closed) {
      this.flushing ??= this.write();
      await this.flushing;
    }
  }

  async summaries(): Promise<HistorySummary[]> {
    await this.flush();
    const values = await runWithin(this.client.hVals(this.indexKey), this.timeoutMs, 'read history index');
    return values
      .map((v) => JSON.parse(String(v)) as HistorySummary & { archivedSeq: number })
      .sort((a, b) => a.archivedSeq - b.archivedSeq);
  }

  async record(requestId: string): Promise<HistoryRecord | null> {
    const value = await runWithin(this.client.hGet(this.recordsKey, requestId), this.timeoutMs, 'read history');
    return typeof value === 'string' ? (JSON.parse(value) as HistoryRecord) : null;
  }

  close(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
  }

  private async write(): Promise<void> {
    const batch = this.pending.splice(0, 500);
    try {
      const multi = this.client.multi();
      for (const record of batch) {
        const id = record.request.id;
        multi.hSet(this.indexKey, id, JSON.stringify({ ...summarize(record), archivedSeq: record.archivedSeq ?? 0 }));
        multi.hSet(this.recordsKey, id, JSON.stringify(record));
      }
      await runWithin(multi.exec(), this.timeoutMs, 'write history');
    } catch (error) {
      // Keep them for the next try; the log still has the events.
      this.pending = batch.concat(this.pending);
      console.error(`history: could not write ${batch.length} record(s) to Redis (will retry)`, error);
      await new Promise<void>((resolve) => {
        this.retry = setTimeout(resolve, RETRY_MS);
        this.retry.unref();
      });
    } finally {
      this.flushing = null;
    }
  }
}
