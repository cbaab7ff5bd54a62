// The outbox: commands in the order they were made, each kept until the server gives a definitive
// answer. Every change is written through to storage before it is reported, so what the screen
// shows as "queued" is what a reload will find.
import { ErrorCode } from '../../shared/protocol';
import type { OutboxEntry, OutboxStorage } from './outbox-storage';

export type OutboxItemStatus = 'queued' | 'sending';
export interface OutboxItem extends OutboxEntry {
  status: OutboxItemStatus;
  /** cancelQueued would drop it: it never left this device (once sent, it is resent with its id, not dropped). */
  cancellable: boolean;
}

/**
 * Refusals that say "not now", not "no": the command is kept and resent with the same id.
 * `unauthenticated` is one of them: a token that expired mid-shift says nothing about the command, so
 * a request raised just then waits in the stored outbox and goes out after the user logs in again.
 */
export const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.Unauthenticated,
  ErrorCode.StorageUnavailable,
  ErrorCode.ShuttingDown,
  ErrorCode.RateLimited,
  ErrorCode.Overloaded,
  ErrorCode.Internal,
]);

/** Commands that jump the queue: an officer's SOS goes out first on reconnect, before older commands. */
export const HEAD_OF_QUEUE_TYPES: ReadonlySet<string> = new Set(['officer:sos']);

export class Outbox {
  private entries: OutboxEntry[] = [];
  /** The list as last written (or attempted): shown on screen, so "queued" means "survives a reload". */
  private stored: OutboxEntry[] = [];
  private readonly sending = new Set<string>();
  /** Ids handed to the socket at least once: the server may have applied them even if no answer came. */
  private readonly sent = new Set<string>();
  // Saves run one after another so an older list can never overwrite a newer one.
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly storage: OutboxStorage,
    private readonly onChange: () => void,
  ) {}

  async load(): Promise<void> {
    const loaded = await this.storage.load();
    // Entries added before the load finished come after the stored ones (they are newer).
    const ids = new Set(loaded.map((e) => e.command.id));
    const added = this.entries.filter((e) => !ids.has(e.command.id));
    this.entries = [...loaded, ...added];
    this.stored = loaded;
    if (added.length) await this.persist();
    else this.onChange();
  }

  items(): OutboxItem[] {
    return this.stored.map((e) => {
      const sending = this.sending.has(e.command.id);
      return { ...e, status: sending ? 'sending' : 'queued', cancellable: !sending && this.neverSent(e.command.id) };
    });
  }

  first(): OutboxEntry | undefined {
    return this.entries[0];
  }

  has(id: string): boolean {
    return this.entries.some((e) => e.command.id === id);
  }

  isSending(id: string): boolean {
    return this.sending.has(id);
  }

  /** Never handed to the socket, in this page or before a reload (attempts are stored): safe to drop. */
  neverSent(id: string): boolean {
    const entry = this.entries.find((e) => e.command.id === id);
    return entry !== undefined && entry.attempts === 0 && !this.sent.has(id);
  }

  /** Appends, or with `front` puts it at the head: the next command sent (an SOS waits for nothing). */
  async add(entry: OutboxEntry, front = false): Promise<void> {
    if (this.has(entry.command.id)) return;
    this.entries = front ? [entry, ...this.entries] : [...this.entries, entry];
    await this.persist();
  }

  async remove(id: string): Promise<void> {
    this.sending.delete(id);
    this.sent.delete(id);
    this.entries = this.entries.filter((e) => e.command.id !== id);
    await this.persist();
  }

  markSending(id: string): void {
    this.sending.add(id);
    this.sent.add(id);
    this.onChange();
  }

  /** Back to queued after a failed attempt (timeout, dropped connection or a retryable refusal). */
  async requeue(id: string, error: NonNullable<OutboxEntry['lastError']>): Promise<void> {
    this.sending.delete(id);
    this.entries = this.entries.map((e) =>
      e.command.id === id ? { ...e, attempts: e.attempts + 1, lastError: error } : e,
    );
    await this.persist();
  }

  /** The connection dropped: nothing is in flight any more. */
  resetSending(): void {
    if (this.sending.size === 0) return;
    this.sending.clear();
    this.onChange();
  }

  /** Resolves once every change made so far is written (or its write failed): nothing is only in memory. */
  async whenSaved(): Promise<void> {
    let saving: Promise<void>;
    do {
      saving = this.saving;
      await saving;
    } while (saving !== this.saving);
  }

  private persist(): Promise<void> {
    const snapshot = [...this.entries];
    // A failed save (storage full or blocked) keeps the entry in memory: still sent, just not reload-proof.
    this.saving = this.saving
      .then(() => this.storage.save(snapshot))
      .catch(() => undefined)
      .then(() => {
        this.stored = snapshot;
        this.onChange();
      });
    return this.saving;
  }
}

/** Count and age of the oldest entry, for the "2 yêu cầu chờ gửi" badge. */
export function outboxSummary(items: readonly OutboxEntry[], now: number): { count: number; oldestAgeMs: number } {
  const oldest = items.reduce((min, e) => Math.min(min, e.queuedAt), Number.POSITIVE_INFINITY);
  return { count: items.length, oldestAgeMs: items.length ? Math.max(0, now - oldest) : 0 };
}
