// Picks the event log from the configuration: the embedded journal under DATA_DIR, or Redis Streams.
import path from 'node:path';
import type { ServerConfig } from '../config';
import { JournalStore } from './journal-store';
import type { Store } from './store';

/** The journal lives in its own folder so DATA_DIR can also hold the roster and the token secret. */
export const JOURNAL_DIR_NAME = 'journal';

export async function openStore(
  config: Pick<ServerConfig, 'store' | 'dataDir' | 'redisUrl' | 'redisPrefix'>,
): Promise<Store> {
  switch (config.store) {
    case 'journal':
      return new JournalStore(path.join(config.dataDir, JOURNAL_DIR_NAME));
    case 'redis':
      // Seam for the Redis store (server/store/redis-store.ts): replaced when its wiring lands.
      throw new Error('STORE=redis is not available yet');
  }
}
