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
import { systemClock } from '../../server/clock';
import { testConfig, type ServerConfig } from '../../server/config';
import { createServer, DEFAULT_CLIENT_DIR, type DispatchServer } from '../../server/create-server';
import { ensureDemoAccounts } from '../../server/demo-accounts';
import { AuditLog } from '../../server/auth/audit-log';
import { createAccountsRouter } from '../../server/http/accounts-router';
import { createApiRouter } from '../../server/http/api-router';
import { JournalStore } from '../../server/store/journal-store';
import { issueCertificates, spkiSha256, tlsPaths } from '../../server/tls/local-ca';
import { seedCluster } from '../support/cluster-fixture';

/** The cluster the browser server runs on: the seed cluster. */
export const cluster = seedCluster;

export interface BrowserServer {
  server: DispatchServer;
  url: string;
  config: ServerConfig;
  /** With `https`: the SPKI hash of the server certificate, for Chromium's --ignore-certificate-errors-spki-list. */
  spki?: string;
  stop(): Promise<void>;
}

export interface BrowserServerOptions {
  /** Serve HTTPS with a certificate from `npm run cert`'s code for these names, reached as https://<first>:<port>. */
  https?: string[];
  /** The host name in `url` (resolve it with --host-resolver-rules); 127.0.0.1 by default. */
  hostname?: string;
}

/** `npm test` builds the client before vitest; a direct `vitest run test/browser` builds it here when missing. */
export function ensureClientBuilt(): void {
  if (existsSync(path.join(DEFAULT_CLIENT_DIR, 'index.html'))) return;
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}

export async function startBrowserServer(
  overrides: Partial<ServerConfig> = {},
  options: BrowserServerOptions = {},
): Promise<BrowserServer> {
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
  let tls: { cert: string; key: string } | undefined;
  if (options.https) {
    const paths = issueCertificates(dataDir, options.https).paths;
    tls = { cert: await fs.readFile(paths.serverCert, 'utf8'), key: await fs.readFile(paths.serverKey, 'utf8') };
  }
  const server = await createServer({
    ...(tls ? { tls } : {}),
    store: new JournalStore(path.join(dataDir, 'journal')),
    clock: systemClock,
    cluster,
    config,
    auth,
    apiRouter: createApiRouter({
      auth,
      cluster,
      config,
      clock: systemClock,
      accounts: createAccountsRouter({ auth, roster, audit: new AuditLog(dataDir) }),
    }),
  });
  const port = await server.listen(0, '127.0.0.1');
  const hostname = options.hostname ?? (options.https ? options.https[0] : undefined) ?? '127.0.0.1';
  return {
    server,
    url: `${tls ? 'https' : 'http'}://${hostname}:${port}`,
    config,
    ...(tls ? { spki: spkiSha256(await fs.readFile(tlsPaths(dataDir).serverCert, 'utf8')) } : {}),
    async stop() {
      await server.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
