// A real dispatch server for the browser tests, wired like server/main.ts in demo mode: the seed
// cluster, a roster with the demo accounts (real scrypt logins), the journal in a temp dir, the built
// client from dist/client, port 0 on loopback.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAuthenticator } from '../../server/auth/authenticator';
import { Roster } from '../../server/auth/roster';
import { loadClusterFile } from '../../server/cluster-file';
import { systemClock } from '../../server/clock';
import { DEFAULT_CLUSTER_FILE, testConfig, type ServerConfig } from '../../server/config';
import { createServer, DEFAULT_CLIENT_DIR, type DispatchServer } from '../../server/create-server';
import { ensureDemoAccounts } from '../../server/demo-accounts';
import { createApiRouter } from '../../server/http/api-router';
import { JournalStore } from '../../server/store/journal-store';

export const cluster = loadClusterFile(DEFAULT_CLUSTER_FILE);

export interface BrowserServer {
  server: DispatchServer;
  url: string;
  config: ServerConfig;
  stop(): Promise<void>;
}

/** `npm test` builds the client before vitest; a direct `vitest run test/browser` builds it here when missing. */
export function ensureClientBuilt(): void {
  if (existsSync(path.join(DEFAULT_CLIENT_DIR, 'index.html'))) return;
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}

export async function startBrowserServer(overrides: Partial<ServerConfig> = {}): Promise<BrowserServer> {
  ensureClientBuilt();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'grd-browser-'));
  const config = testConfig({ dataDir, host: '127.0.0.1', port: 0, demo: true, ...overrides });
  const roster = Roster.open(dataDir, cluster);
  await ensureDemoAccounts(roster, cluster);
  const auth = createAuthenticator({
    roster,
    secret: crypto.randomBytes(32).toString('hex'),
    ttlMs: config.tokenTtlMs,
    clock: systemClock,
  });
  const server = await createServer({
    store: new JournalStore(path.join(dataDir, 'journal')),
    clock: systemClock,
    cluster,
    config,
    auth,
    apiRouter: createApiRouter({ auth, cluster, config, clock: systemClock }),
  });
  const port = await server.listen(0, '127.0.0.1');
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    config,
    async stop() {
      await server.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
