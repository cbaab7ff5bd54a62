import { RedisStore } from '../../server/store/redis-store';
import type { Store } from '../../server/store/store';
import { describeStoreContract } from '../store/store-contract';
import { REDIS_URL, deletePrefix, uniquePrefix } from './support/redis-test-env';

describeStoreContract('redis', async () => {
  const prefix = uniquePrefix('contract');
  const opened: Store[] = [];
  const open = async (): Promise<Store> => {
    const store = await RedisStore.open({ url: REDIS_URL, prefix });
    opened.push(store);
    return store;
  };
  return {
    store: await open(),
    reopen: open,
    cleanup: async () => {
      for (const s of opened) await s.close();
      await deletePrefix(prefix);
    },
  };
});
