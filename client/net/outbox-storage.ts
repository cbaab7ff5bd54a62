// Where the outbox lives: the contract the client core writes through, and memory storage (dispatchers,
// the demo simulator, node tests). The browser's IndexedDB storage is in indexeddb-outbox-storage.ts, so
// the core runs in Node without it.
import type { CommandInput } from '../../shared/commands';
import type { ErrorCode } from '../../shared/protocol';
import type { LocalCode } from './types';

/** A command waiting for a definitive answer from the server; its id never changes across resends. */
export interface OutboxEntry {
  command: CommandInput & { id: string; sentAt: number };
  /** Local time it entered the outbox. */
  queuedAt: number;
  attempts: number;
  /** Why the last attempt failed: a retryable refusal or a local timeout. */
  lastError: { code: ErrorCode | LocalCode; message: string } | null;
}

export interface OutboxStorage {
  load(): Promise<OutboxEntry[]>;
  save(entries: readonly OutboxEntry[]): Promise<void>;
}

export function memoryOutboxStorage(initial: OutboxEntry[] = []): OutboxStorage {
  let saved = structuredClone(initial);
  return {
    load: () => Promise.resolve(structuredClone(saved)),
    save: (entries) => {
      saved = structuredClone([...entries]);
      return Promise.resolve();
    },
  };
}
