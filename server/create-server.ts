// Builds the whole server from its dependencies so tests can inject a temp journal, a fake clock and
// their own authenticator: express (health, API, the built client) and Socket.IO on one HTTP server.
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import compression from 'compression';
import express from 'express';
import { Server } from 'socket.io';
import type { Cluster } from '../shared/cluster';
import type { Authenticator } from './auth/auth';
import type { Clock } from './clock';
import type { ServerConfig } from './config';
import { Engine } from './engine';
import { resendFixOnAssignment } from './assignment-fix';
import { MemoryPositionStore, PositionBatcher, type PositionStore } from './positions';
import {
  attachSocketLayer,
  DEFAULT_RATE_LIMIT,
  officersConnectedAnywhere,
  TRANSPORT_LIMIT_BYTES,
  type DispatchIo,
  type RateLimit,
} from './socket';
import type { Store } from './store/store';
import { Presence } from './presence';
import { alwaysHolder, RECENT_FIX_MS, startTimers, type TimerLease } from './timers';

export const DEFAULT_CLIENT_DIR = path.resolve(import.meta.dirname, '..', 'dist', 'client');
const SPA_ROUTES = ['/login', '/console', '/post', '/officer'];
/** Vite names built files by their content hash: a changed file gets a new name, so these never go stale. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and sw.js name the current build: the browser asks again every time (a 304 when unchanged). */
const REVALIDATE = 'no-cache';

export interface CreateServerDeps {
  /** The event log. The server owns it from here: `close()` closes it. */
  store: Store;
  clock: Clock;
  cluster: Cluster;
  config: ServerConfig;
  auth: Authenticator;
  /** Where officer positions are kept; in memory by default. */
  telemetry?: PositionStore;
  /** Whether this node runs the cluster-wide timers; always by default (one node). */
  timerLease?: TimerLease;
  /** Mounted at /api (login, cluster). */
  apiRouter?: express.Router;
  /** The built client; dist/client by default, served only when it exists. */
  clientDir?: string;
  /** Commands (and syncs) per socket. */
  rateLimit?: RateLimit;
  /** Called with the Socket.IO server before it accepts connections (e.g. to install the Redis adapter). */
  configureIo?: (io: DispatchIo) => void | Promise<void>;
}

export interface DispatchServer {
  app: express.Express;
  httpServer: http.Server;
  io: DispatchIo;
  engine: Engine;
  /** The officers' devices connected to this node (and what it learnt about the others). */
  presence: Presence;
  /** Starts listening; resolves the real port (pass 0 for any free port). Defaults: config.port, config.host. */
  listen(port?: number, host?: string): Promise<number>;
  /**
   * Graceful stop: timers off, commands refused with shutting_down while those in flight finish, a
   * snapshot (journal), then every socket is disconnected (clients reconnect, to another node if
   * there is one) and the HTTP server and the store are closed.
   */
  close(): Promise<void>;
}

export async function createServer(deps: CreateServerDeps): Promise<DispatchServer> {
  const { store, clock, config } = deps;
  const engine = await Engine.open({ store, clock, cluster: deps.cluster, config });
  const telemetry = deps.telemetry ?? new MemoryPositionStore();

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    store.health().then(
      (health) => res.status(health.ok ? 200 : 503).json({ ok: health.ok, store: health, seq: engine.state.seq }),
      (error: unknown) =>
        res.status(503).json({ ok: false, store: { ok: false, detail: String(error) }, seq: engine.state.seq }),
    );
  });
  if (deps.apiRouter) app.use('/api', deps.apiRouter);
  const clientDir = deps.clientDir ?? DEFAULT_CLIENT_DIR;
  if (existsSync(path.join(clientDir, 'index.html'))) {
    // gzip for the client only (the main script is ~600 KB raw, ~14 s on 3G): Socket.IO answers on the
    // HTTP server before express and compresses its own frames.
    app.use(compression());
    app.use(
      express.static(clientDir, {
        index: 'index.html',
        cacheControl: false,
        setHeaders: (res, file) => res.setHeader('Cache-Control', cacheControlFor(clientDir, file)),
      }),
    );
    const routes = SPA_ROUTES.flatMap((r) => [r, `${r}/*rest`]);
    app.get(routes, (_req, res) => {
      res.setHeader('Cache-Control', REVALIDATE);
      res.sendFile(path.join(clientDir, 'index.html'));
    });
  }

  const httpServer = http.createServer(app);
  const io: DispatchIo = new Server(httpServer, { maxHttpBufferSize: TRANSPORT_LIMIT_BYTES, serveClient: false });
  const inMemoryAdapter = io.adapter();
  await deps.configureIo?.(io);
  // Another adapter (Redis) means several nodes: presence is then asked of all of them.
  const acrossNodes = io.adapter() !== inMemoryAdapter;

  const batcher = new PositionBatcher(
    clock,
    config.positionBatchMs,
    () => engine.state,
    (room, positions) => io.to(room).volatile.emit('positions', positions),
  );
  const stopFixResend = resendFixOnAssignment(engine, telemetry, batcher);
  const presence = new Presence(clock.now());
  const stopSockets = attachSocketLayer({
    io,
    engine,
    auth: deps.auth,
    clock,
    positions: telemetry,
    batcher,
    rateLimit: deps.rateLimit ?? DEFAULT_RATE_LIMIT,
    presence,
    acrossNodes,
  });
  const timers = startTimers({
    engine,
    clock,
    config,
    lease: deps.timerLease ?? alwaysHolder,
    cluster: deps.cluster,
    positions: telemetry,
    offlineSince: (officerId, positions) => presence.offlineSince(officerId, positions),
    isConnected: (officerId, positions, now) => presence.isConnected(officerId, now, positions, RECENT_FIX_MS),
    // One node knows all its sockets already; with several the adapter answers for the others.
    checkElsewhere: acrossNodes
      ? async (officerIds) => {
          const found = await officersConnectedAnywhere(io, officerIds);
          const now = clock.now();
          for (const officerId of found) {
            if (!presence.isLocal(officerId)) presence.connectedElsewhere(officerId, now);
          }
        }
      : undefined,
  });

  let closing: Promise<void> | null = null;
  return {
    app,
    httpServer,
    io,
    engine,
    presence,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve((httpServer.address() as AddressInfo).port);
        });
      });
    },
    close() {
      closing ??= (async () => {
        timers.cancel();
        stopFixResend();
        batcher.stop();
        // Refuse new commands (shutting_down) and let those in flight finish and reach their clients.
        await engine.close();
        stopSockets();
        // A snapshot on the way out makes the next start-up read it instead of replaying the journal.
        // Not on Redis: the other nodes carry on with the shared log and take snapshots themselves.
        if (store.kind === 'journal' && engine.state.seq > 0) {
          await engine.snapshot().catch((error: unknown) => {
            console.error('close: snapshot failed (the journal still has everything)', error);
          });
        }
        await new Promise<void>((resolve) => {
          void io.close(() => resolve());
        });
        await store.close();
      })();
      return closing;
    },
  };
}

/** Long-lived for the hashed files under assets/, revalidated for everything else (index.html, sw.js). */
function cacheControlFor(clientDir: string, file: string): string {
  const relative = path.relative(clientDir, file).split(path.sep);
  return relative.length > 1 && relative[0] === 'assets' ? IMMUTABLE : REVALIDATE;
}
