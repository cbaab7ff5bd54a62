// Starts a real dispatch server for a test: journal in a fresh temp dir, FakeClock, the seed cluster,
// the test authenticator, port 0 on loopback. `restart()` closes it and starts a new one on the same
// data dir (same clock and token secret), `stop()` closes it and removes the dir.
//
//   const t = await startTestServer();
//   const post = await connectAs(t, principals.post('phu-long'));
//   ...
//   await t.stop();
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Cluster } from '../../shared/cluster';
import type { Principal } from '../../shared/domain';
import { FakeClock } from '../../server/clock';
import { testConfig, type ServerConfig } from '../../server/config';
import { createServer, type CreateServerDeps, type DispatchServer } from '../../server/create-server';
import { PRESENCE_BATCH_MS } from '../../server/presence/presence-batch';
import { JournalStore } from '../../server/store/journal-store';
import type { Store } from '../../server/store/store';
import { seedCluster } from './cluster-fixture';
import { createTestAuth, type TestAuth } from './test-auth';

export interface TestServer {
  server: DispatchServer;
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  dataDir: string;
  clock: FakeClock;
  cluster: Cluster;
  config: ServerConfig;
  testAuth: TestAuth;
  tokenFor(principal: Principal, ttlMs?: number): string;
  /** Seq of the server's projection (what has been appended). */
  seq(): number;
  /** Advances the fake clock by `ms` and waits until what the timers appended for it is applied. */
  advance(ms: number): Promise<void>;
  /**
   * Advances the fake clock by PRESENCE_BATCH_MS: the waiting presence updates go out, in the immediate
   * after it (as with real timers, after any positions batch due at the same time, which is volatile and
   * would be dropped behind a frame still being written).
   */
  flushPresence(): void;
  /** Closes the server (and its store) and starts another on the same data dir. */
  restart(): Promise<TestServer>;
  /** Closes the server and removes the data dir. */
  stop(): Promise<void>;
}

export interface TestServerOptions {
  config?: Partial<ServerConfig>;
  /** Use another store instead of a journal in the temp dir (e.g. Redis). */
  makeStore?: (dataDir: string) => Store;
  /** Extra createServer deps (telemetry, timerLease, apiRouter, rateLimit, clientDir, configureIo). */
  deps?: Partial<Omit<CreateServerDeps, 'store' | 'clock' | 'cluster' | 'config' | 'auth'>>;
  /** Reuse an existing data dir / clock / auth (restart). */
  dataDir?: string;
  clock?: FakeClock;
  testAuth?: TestAuth;
}

/** The test server's config: `dataDir`, port 0 on loopback, generous rate limits, then `overrides`. */
export function testServerConfig(dataDir: string, overrides: Partial<ServerConfig> = {}): ServerConfig {
  // Generous rate limits by default: tests fire commands back to back from one IP.
  const generous = { burst: 10_000, perSecond: 10_000 };
  return testConfig({
    dataDir,
    host: '127.0.0.1',
    port: 0,
    rateLimits: { command: generous, position: generous, ip: generous },
    ...overrides,
  });
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'grd-server-')));
  const clock = options.clock ?? new FakeClock();
  const testAuth = options.testAuth ?? createTestAuth(clock);
  const cluster = seedCluster;
  const config = testServerConfig(dataDir, options.config);
  const store = options.makeStore ? options.makeStore(dataDir) : new JournalStore(path.join(dataDir, 'journal'));
  const server = await createServer({
    store,
    clock,
    cluster,
    config,
    auth: testAuth.auth,
    ...options.deps,
  });
  const port = await server.listen(0, '127.0.0.1');
  const t: TestServer = {
    server,
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    clock,
    cluster,
    config,
    testAuth,
    tokenFor: testAuth.tokenFor,
    seq: () => server.engine.state.seq,
    async advance(ms) {
      clock.advance(ms);
      await server.engine.catchUp();
    },
    flushPresence() {
      clock.advance(PRESENCE_BATCH_MS);
    },
    async restart() {
      await server.close();
      return startTestServer({ ...options, dataDir, clock, testAuth });
    },
    async stop() {
      await server.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}
