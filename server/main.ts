// `npm start`: configuration → cluster file → accounts → event log → server, listening until SIGTERM/SIGINT.
// Every start-up problem ends the process with exit code 1 and one line saying what to fix.
import fs from 'node:fs';
import type { Cluster } from '../shared/cluster';
import { createAuthenticator } from './auth/authenticator';
import { Roster } from './auth/roster';
import { resolveTokenSecret } from './auth/token-secret';
import { loadClusterFile } from './cluster-file';
import { systemClock } from './clock';
import { loadConfig, type ServerConfig } from './config';
import { createServer, type DispatchServer } from './create-server';
import { ensureDemoAccounts, formatDemoAccounts } from './demo-accounts';
import { startDemoExtras } from './demo';
import { AuditLog } from './auth/audit-log';
import { createAccountsRouter } from './http/accounts-router';
import { createApiRouter } from './http/api-router';
import { openStore } from './store/open-store';
import { RedisStore } from './store/redis-store';
import { RedisTrackStore } from './history/position-track';
import { RedisHistoryStore } from './history/redis-history';
import { joinMultiNode } from './multi-node/join-multi-node';
import { createRedirectServer } from './http/redirect-server';
import { createLogger, errorText, log, setLogger } from './log';

async function main(): Promise<void> {
  const config = loadConfig();
  setLogger(createLogger({ level: config.logLevel, pretty: config.demo }));
  const cluster = loadClusterFile(config.clusterFile);
  log.info(
    { communes: cluster.communes.length, officers: cluster.officers.length },
    `cụm / cluster: ${cluster.name} (${cluster.communes.length} communes, ${cluster.officers.length} officers)`,
  );
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });

  const roster = Roster.open(config.dataDir, cluster);
  const secret = resolveTokenSecret({ configured: config.tokenSecret, dataDir: config.dataDir, demo: config.demo });
  if (secret.warning) log.warn(secret.warning);
  if (secret.source === 'generated') log.info(`token secret generated into ${config.dataDir} (owner-only)`);

  if (config.demo) {
    log.info(formatDemoAccounts(await ensureDemoAccounts(roster, cluster)));
    log.warn('DEMO=1: everyone knows these passwords. Do not use demo mode for real work.');
  } else if (roster.size === 0) {
    log.info(firstAccountHint(cluster, roster.file));
  }
  for (const problem of roster.problems()) log.warn(`account ${problem}`);

  const store = await openStore(config);
  const auth = createAuthenticator({ roster, secret: secret.secret, ttlMs: config.tokenTtlMs, clock: systemClock });
  const accounts = createAccountsRouter({ auth, roster, audit: new AuditLog(config.dataDir) });
  const apiRouter = createApiRouter({ auth, cluster, config, clock: systemClock, accounts });
  // Several nodes on one Redis: shared positions, the timer lease and the Socket.IO adapter.
  const multiNode =
    store instanceof RedisStore
      ? await joinMultiNode(store, {
          leaseTtlMs: config.redisLeaseMs,
          ...(config.nodeId === undefined ? {} : { nodeId: config.nodeId }),
        })
      : {};
  // With several nodes (one shared DATA_DIR) the history read model and the replay's position time
  // series live in Redis too.
  const track =
    store instanceof RedisStore
      ? {
          track: new RedisTrackStore(store.connection, store.prefix, config.positionRetentionMs),
          history: new RedisHistoryStore(store.connection, store.prefix),
        }
      : {};
  const tls = config.tls ? readTlsFiles(config.tls) : undefined;
  const server = await createServer({
    store,
    clock: systemClock,
    cluster,
    config,
    auth,
    apiRouter,
    ...multiNode,
    ...track,
    ...(tls ? { tls } : {}),
  });
  const port = await server.listen(config.port, config.host);
  log.info(
    { port, store: store.kind, dataDir: config.dataDir, tls: tls !== undefined },
    `Giáp Ranh Dispatch: ${publicUrl(config, port)} (store: ${store.kind}, data: ${config.dataDir})`,
  );
  if (config.httpRedirectPort !== null) {
    const redirect = createRedirectServer({ dataDir: config.dataDir, httpsPort: port });
    await new Promise<void>((resolve, reject) => {
      redirect.once('error', reject);
      redirect.listen(config.httpRedirectPort ?? 0, config.host, () => resolve());
    });
    log.info(`http://…:${config.httpRedirectPort} redirects to https (and serves /ca, /ca.crt)`);
  } else if (!tls) {
    log.warn('plain HTTP: phones get GPS, offline use and installation only over HTTPS (see README, "HTTPS")');
  }

  // Signals work from here on, even while the demo extras start (their sessions may take a while).
  let stopExtras: (() => void) | null = null;
  stopOnSignals(server, () => stopExtras?.());
  // The simulator talks to the server over loopback, even when it listens on every interface.
  if (config.demo) stopExtras = await startDemoExtras({ baseUrl: `http://127.0.0.1:${port}`, env: process.env });
}

function firstAccountHint(cluster: Cluster, rosterFile: string): string {
  const commune = cluster.communes[0];
  const officer = cluster.officers[0];
  return [
    `Chưa có tài khoản nào / no accounts yet (${rosterFile}). Create the first dispatcher account:`,
    `  npm run roster -- add --username dieu-phoi --role dispatcher --admin --display "Trực ban cụm"`,
    `then one per commune post and one per officer, e.g.:`,
    ...(commune ? [`  npm run roster -- add --username post-${commune.id} --role post --commune ${commune.id}`] : []),
    ...(officer ? [`  npm run roster -- add --username ${officer.id} --role officer --officer ${officer.id}`] : []),
    `(run with the same DATA_DIR and CLUSTER_FILE; the server picks new accounts up without a restart;`,
    ` an --admin dispatcher can then manage accounts on the /accounts page).`,
    `Or try everything with demo accounts: DEMO=1 npm start`,
  ].join('\n');
}

function publicUrl(config: ServerConfig, port: number): string {
  const wildcard = config.host === '0.0.0.0' || config.host === '::';
  const scheme = config.tls ? 'https' : 'http';
  return wildcard ? `${scheme}://localhost:${port} (all interfaces)` : `${scheme}://${config.host}:${port}`;
}

function readTlsFiles(files: { certFile: string; keyFile: string }): { cert: Buffer; key: Buffer } {
  const read = (file: string, what: string) => {
    try {
      return fs.readFileSync(file);
    } catch (err) {
      throw new Error(`${what} ${file}: ${(err as Error).message} (make one with: npm run cert -- --host <address>)`);
    }
  };
  return { cert: read(files.certFile, 'TLS_CERT_FILE'), key: read(files.keyFile, 'TLS_KEY_FILE') };
}

function stopOnSignals(server: DispatchServer, stopExtras: () => void): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal: the operator wants out now.
      log.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    log.info(`${signal}: closing (clients disconnected, log flushed)…`);
    void (async () => {
      try {
        stopExtras();
        await server.close();
        log.info('closed');
        process.exit(0);
      } catch (err) {
        log.error({ err }, `error while closing: ${(err as Error).message}`);
        process.exit(1);
      }
    })();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  // One plain line on stderr, not JSON: the operator at the terminal (or `journalctl`) reads it as is.
  console.error(`cannot start: ${errorText(err)}`);
  process.exit(1);
});
