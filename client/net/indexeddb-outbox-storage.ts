// The browser's outbox storage: IndexedDB (via idb-keyval), one key per account, so a command made
// offline survives a reload or a crashed tab. Injected by use-session-client.ts; the core never imports it.
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { OutboxEntry, OutboxStorage } from './outbox-storage';

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
