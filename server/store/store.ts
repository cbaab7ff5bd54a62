// The event log contract. Two implementations satisfy it: the embedded journal (JSON Lines under
// DATA_DIR) and Redis Streams; one contract test suite runs against both.
import type { DispatchState } from '../../shared/domain';
import type { DispatchEvent, EventDraft } from '../../shared/events';

/** What a command produced, remembered by its client id so a retry gets the first answer. */
export interface AppliedCommand {
  commandId: string;
  /** Seq of the command's last event. */
  seq: number;
  /** The request or assignment the command created, if any. */
  ref?: string;
}

export interface Snapshot {
  /** Seq of the last event folded into `state`. */
  seq: number;
  state: DispatchState;
  /** Recently applied command ids (bounded), so dedup survives compaction. */
  appliedCommands: AppliedCommand[];
  takenAt: number;
}

export interface LoadResult {
  snapshot: Snapshot | null;
  /** Events after the snapshot (or all of them), in seq order. */
  events: DispatchEvent[];
}

export interface StoreHealth {
  ok: boolean;
  kind: 'journal' | 'redis';
  detail: string;
  /** Head of the log as the store last knew it. */
  seq: number;
}

export interface Store {
  readonly kind: 'journal' | 'redis';
  /** Opens the log; returns the latest snapshot and the events after it. */
  load(): Promise<LoadResult>;
  /**
   * Appends `drafts` as seqs expectedSeq+1, expectedSeq+2, … and resolves once they are durable.
   * Rejects with SeqConflictError when the log's head is not `expectedSeq` (another node wrote first),
   * and with StorageUnavailableError when nothing could be stored. All or nothing.
   */
  append(expectedSeq: number, drafts: readonly EventDraft[]): Promise<DispatchEvent[]>;
  /** Events with seq > afterSeq in order, at most `limit`; null when those events were compacted away. */
  readAfter(afterSeq: number, limit: number): Promise<DispatchEvent[] | null>;
  /** Stores a snapshot; the log before it may then be compacted. */
  saveSnapshot(snapshot: Snapshot): Promise<void>;
  /** Subscribes to events appended by other writers (other nodes). Returns an unsubscribe function. */
  onAppendedElsewhere(listener: (events: DispatchEvent[]) => void): () => void;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

export class SeqConflictError extends Error {
  constructor(
    readonly expectedSeq: number,
    readonly actualSeq: number,
  ) {
    super(`log head is ${actualSeq}, expected ${expectedSeq}`);
    this.name = 'SeqConflictError';
  }
}

export class StorageUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}
