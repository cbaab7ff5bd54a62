// A disable written by this process cuts that account's sockets on this node even when the Redis adapter's
// pub/sub is lost: with the adapter, a room-wide disconnectSockets only publishes and waits to hear its own
// message back, so a lost subscriber (or a dropped PUBLISH) would leave a disabled account connected.
// Real roster, real authenticator, real server with the real Redis adapter on its own key prefix.
import crypto from 'node:crypto';
import path from 'node:path';
import type { RedisAdapter } from '@socket.io/redis-adapter';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAuthenticator } from '../../server/auth/authenticator';
import { hashPassword } from '../../server/auth/passwords';
import { Roster } from '../../server/auth/roster';
import { systemClock } from '../../server/clock';
import { testConfig } from '../../server/config';
import { createServer, type DispatchServer } from '../../server/create-server';
import { installRedisAdapter, type RedisAdapterHandle } from '../../server/multi-node/redis-adapter';
import type { RedisConnection } from '../../server/store/redis-connection';
import { JournalStore } from '../../server/store/journal-store';
import { makeTempDir, removeDirs } from '../accounts/helpers';
import { seedCluster } from '../support/cluster-fixture';
import { connectAs } from '../support/test-client';
import { REDIS_URL, deletePrefix, uniquePrefix } from './support/redis-test-env';

const dirs: string[] = [];
const prefix = uniquePrefix('session-cut');
let roster: Roster;
let auth: ReturnType<typeof createAuthenticator>;
let server: DispatchServer;
let adapter: RedisAdapterHandle | undefined;
let base: string;

beforeAll(async () => {
  const dataDir = await makeTempDir('session-cut');
  dirs.push(dataDir);
  roster = Roster.open(dataDir, seedCluster);
  const cheap = { N: 2 ** 10, r: 8, p: 1 };
  roster.add({ username: 'kp-2', role: 'officer', officerId: 'kp-2', passwordHash: await hashPassword('kp-2', cheap) });
  const secret = crypto.randomBytes(32).toString('hex');
  auth = createAuthenticator({ roster, secret, ttlMs: 3600_000, clock: systemClock, rosterPollMs: 60_000 });
  server = await createServer({
    store: new JournalStore(path.join(dataDir, 'journal')),
    clock: systemClock,
    cluster: seedCluster,
    config: testConfig({ dataDir, host: '127.0.0.1', port: 0 }),
    auth,
    configureIo: async (io) => {
      adapter = await installRedisAdapter(io, { url: REDIS_URL, prefix, nodeName: 'cut', log: () => undefined });
    },
  });
  base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await server.close();
  await adapter?.close();
  await deletePrefix(prefix);
  await removeDirs(dirs);
});

it('a disable this process writes cuts its sockets on this node even with the adapter’s subscriber lost', async () => {
  const login = await auth.login('kp-2', 'kp-2');
  if (!login.ok) throw new Error(login.message);
  const client = await connectAs({ url: base, tokenFor: () => login.token }, login.principal, { token: login.token });
  const cut = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not cut within 1000 ms')), 1000);
    client.socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
  // What a lost subscriber connection looks like to the adapter: it hears nothing published, its own included.
  const sub = (server.io.of('/').adapter as unknown as RedisAdapter).subClient as RedisConnection;
  sub.destroy();
  // The write the /accounts page makes (origin 'write': this process's own change).
  roster.setDisabled('kp-2', true);
  try {
    expect(await cut).toBe('io server disconnect');
  } finally {
    client.close();
  }
});
