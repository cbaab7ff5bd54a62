// Where the outbox lives between page loads: IndexedDB (via idb-keyval), one key per account, so a
// command made offline survives a reload or a crashed tab. Memory storage for dispatchers and tests.
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { CommandInput } from '../../shared/commands';

/** A command waiting for a definitive answer from the server; its id never changes across resends. */
export interface OutboxEntry {
  command: CommandInput & { id: string; sentAt: number };
  /** Local time it entered the outbox. */
  queuedAt: number;
  attempts: number;
  lastError: { code: string; message: string } | null;
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

let store: UseStore | undefined;
function outboxStore(): UseStore {
  store ??= createStore('grd-outbox', 'entries');
  return store;
}

/** The whole queue is stored under one key, so a save is atomic (IndexedDB transaction). */
export function indexedDbOutboxStorage(key: string): OutboxStorage {
  return {
    async load() {
      const entries = await get<OutboxEntry[]>(key, outboxStore());
      return Array.isArray(entries) ? entries : [];
    },
    async save(entries) {
      if (entries.length === 0) await del(key, outboxStore());
      else await set(key, [...entries], outboxStore());
    },
  };
}
