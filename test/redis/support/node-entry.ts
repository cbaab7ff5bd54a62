// One server node in its own process, as production runs it with STORE=redis (openStore +
// joinMultiNode + createServer, the same wiring as server/main.ts), but with the HMAC test
// authenticator on a secret shared through TEST_TOKEN_SECRET so the test can mint tokens.
// Prints "READY <port>" once listening; SIGTERM closes it cleanly, SIGKILL is the crash.
import { joinMultiNode } from '../../../server/multi-node/join-multi-node';
import { systemClock } from '../../../server/clock';
import { loadConfig } from '../../../server/config';
import { createServer } from '../../../server/create-server';
import { openStore } from '../../../server/store/open-store';
import { RedisStore } from '../../../server/store/redis-store';
import { createTestAuth } from '../../support/test-auth';
import { seedCluster } from '../../support/cluster-fixture';

async function main(): Promise<void> {
  const config = loadConfig();
  const secret = process.env.TEST_TOKEN_SECRET;
  if (!secret) throw new Error('TEST_TOKEN_SECRET is required');
  const store = await openStore(config);
  if (!(store instanceof RedisStore)) throw new Error('run with STORE=redis');
  const multiNode = await joinMultiNode(store, {
    leaseTtlMs: config.redisLeaseMs,
    ...(config.nodeId === undefined ? {} : { nodeId: config.nodeId }),
    log: (m) => console.log(`[${config.nodeId ?? 'node'}] ${m}`),
  });
  const generous = { burst: 10_000, perSecond: 10_000 };
  const server = await createServer({
    store,
    clock: systemClock,
    cluster: seedCluster,
    // Tests fire commands back to back from one IP.
    config: { ...config, rateLimits: { command: generous, position: generous, ip: generous } },
    auth: createTestAuth(systemClock, secret).auth,
    ...multiNode,
  });
  const port = await server.listen(config.port, config.host);
  console.log(`READY ${port}`);
  process.once('SIGTERM', () => {
    void server.close().then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  console.error(`node failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
