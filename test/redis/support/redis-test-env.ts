// Real Redis for the tests: REDIS_URL (default the local one), a unique key prefix per test,
// and a sweep that deletes every key under that prefix afterwards.
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function uniquePrefix(label: string): string {
  return `grd-test:${label}:${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key that starts with `prefix` on the Redis at `url`. */
export async function deletePrefix(prefix: string, url = REDIS_URL): Promise<void> {
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) keys.push(...batch);
    if (keys.length > 0) await client.del(keys);
  } finally {
    client.destroy();
  }
}

/** A plain client for assertions on what is stored. */
export async function inspector(url = REDIS_URL): Promise<ReturnType<typeof createClient>> {
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
