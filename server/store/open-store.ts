// Picks the event log from the configuration: the embedded journal under DATA_DIR, or Redis Streams.
import path from 'node:path';
import type { ServerConfig } from '../config';
import { JournalStore } from './journal-store';
import { RedisStore } from './redis-store';
import type { Store } from './store';

/** The journal lives in its own folder so DATA_DIR can also hold the roster and the token secret. */
export const JOURNAL_DIR_NAME = 'journal';

export async function openStore(
  config: Pick<ServerConfig, 'store' | 'dataDir' | 'redisUrl' | 'redisPrefix' | 'nodeId'>,
): Promise<Store> {
  switch (config.store) {
    case 'journal':
      return new JournalStore(path.join(config.dataDir, JOURNAL_DIR_NAME));
    case 'redis':
      // Waits up to 10 s for Redis at start-up, then gives up with a message naming the URL.
      return RedisStore.open({
        url: config.redisUrl,
        prefix: config.redisPrefix,
        ...(config.nodeId === undefined ? {} : { nodeName: config.nodeId }),
      });
  }
}
