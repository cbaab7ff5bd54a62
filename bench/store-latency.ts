// Append latency of the event log, one event per append, one after another (as the engine appends):
// the journal (fsync per append) in a temp dir, the Redis at REDIS_URL as it is configured, and a
// private redis-server with AOF and appendfsync always (the durable setting), when one can be started.
// A measurement script, not a test: figures depend on the disk and the machine.
//   npm run bench:store [-- <appends>]
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JournalStore } from '../server/store/journal-store';
import { RedisStore } from '../server/store/redis-store';
import type { Store } from '../server/store/store';
import { noteDraft } from '../test/store/store-contract';
import { PrivateRedis } from '../test/redis/support/private-redis';
import { REDIS_URL, deletePrefix, uniquePrefix } from '../test/redis/support/redis-test-env';
import { report } from './bench-stats';

const total = Number(process.argv[2] ?? 2000);
const WARMUP = 50;

async function measure(label: string, store: Store): Promise<void> {
  await store.load();
  const samples: number[] = [];
  for (let i = 0; i < total + WARMUP; i++) {
    const start = performance.now();
    await store.append(i, [noteDraft(`bench ${i}`, `bench-${String(i).padStart(8, '0')}`)]);
    if (i >= WARMUP) samples.push(performance.now() - start);
  }
  report(label, samples);
}

async function redisConfig(url: string): Promise<string> {
  const store = await RedisStore.open({ url, prefix: 'unused:' });
  try {
    const reply = await store.connection.configGet(['appendonly', 'appendfsync']);
    return `appendonly ${reply.appendonly ?? '?'}, appendfsync ${reply.appendfsync ?? '?'}`;
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  console.log(`append latency, ${total} sequential single-event appends (after ${WARMUP} warm-up)`);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'grd-bench-store-'));
  try {
    const journal = new JournalStore(dir);
    await measure(`journal (fsync) in ${os.tmpdir()}`, journal);
    await journal.close();
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }

  const prefix = uniquePrefix('bench-store');
  try {
    const shared = await RedisStore.open({ url: REDIS_URL, prefix });
    await measure(`redis ${REDIS_URL} (${await redisConfig(REDIS_URL)})`, shared);
    await shared.close();
  } finally {
    await deletePrefix(prefix);
  }

  const privateRedis = await PrivateRedis.start().catch((err: unknown) => {
    console.log(`(no private redis-server: ${err instanceof Error ? err.message : String(err)})`);
    return null;
  });
  if (privateRedis) {
    try {
      const durable = await RedisStore.open({ url: privateRedis.url, prefix: 'bench:' });
      await measure('redis private (appendonly yes, appendfsync always)', durable);
      await durable.close();
    } finally {
      await privateRedis.stop();
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
