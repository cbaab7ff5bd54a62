// Builds the whole server from its dependencies so tests can inject a temp journal, a fake clock and
// their own authenticator: express (health, API, the built client) and Socket.IO on one HTTP server.
import { existsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import compression from 'compression';
import express from 'express';
import { Server } from 'socket.io';
import type { Cluster } from '../shared/cluster';
import type { Role } from '../shared/domain';
import { initialState } from '../shared/reducer';
import type { Authenticator } from './auth/auth';
import type { Clock } from './clock';
import type { ServerConfig } from './config';
import { Engine } from './engine';
import { HistoryService } from './history/history-service';
import { HistoryStore, type HistoryArchive } from './history/history-store';
import { FileTrackStore, TrackedPositionStore, type TrackStore } from './history/position-track';
import { createHistoryRouter } from './http/history-router';
import { createMapRouter } from './http/map-router';
import { loadRoadTravel } from './road-travel';
import { caDownloadRouter } from './http/ca-download';
import { hsts } from './http/hsts';
import { metricsHandler } from './http/metrics-route';
import { log } from './log';
import { ServerMetrics } from './metrics';
import { resendFixOnAssignment } from './assignment-fix';
import { FixIntake } from './telemetry/fix-intake';
import { LoadMonitor } from './telemetry/load-monitor';
import { MemoryPositionStore, PositionBatcher, type PositionStore } from './positions';
import { watchAccountSessions } from './account-sessions';
import { bearerToken, isDirectLocal, originGuard, securityHeaders } from './http/security';
import { createValueChecks } from './value-checks';
import { createRateLimiters, type RateLimit } from './rate-limits';
import { attachSocketLayer, TRANSPORT_LIMIT_BYTES, type DispatchIo } from './socket';
import { RedisStore } from './store/redis-store';
import type { Store } from './store/store';
import { Presence } from './presence/presence';
import { alwaysHolder, startTimers, type TimerLease } from './timers';

export const DEFAULT_CLIENT_DIR = path.resolve(import.meta.dirname, '..', 'dist', 'client');
const SPA_ROUTES = ['/login', '/console', '/post', '/officer', '/accounts', '/reports', '/history', '/replay'];
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
  /** Where sampled positions are kept for replay; day files under DATA_DIR/tracks by default. */
  track?: TrackStore;
  /** The history read model; files under DATA_DIR/history by default (Redis with several nodes). */
  history?: HistoryArchive;
  /** Whether this node runs the timers for all nodes; always by default (one node). */
  timerLease?: TimerLease;
  /** Mounted at /api (login, cluster). */
  apiRouter?: express.Router;
  /** The built client; dist/client by default, served only when it exists. */
  clientDir?: string;
  /** Commands (and syncs) per account; config.rateLimits.command by default. */
  rateLimit?: RateLimit;
  /** Called with the Socket.IO server before it accepts connections (e.g. to install the Redis adapter). */
  configureIo?: (io: DispatchIo) => void | Promise<void>;
  /** PEM certificate chain and key: the server speaks HTTPS (and wss) instead of HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export interface DispatchServer {
  app: express.Express;
  httpServer: http.Server | https.Server;
  io: DispatchIo;
  engine: Engine;
  /** The officers' devices connected to this node (and what it learnt about the others). */
  presence: Presence;
  /** What GET /metrics reports. */
  metrics: ServerMetrics;
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
  // The metrics exist before the engine (they time its appends) and read it and the sockets once both exist.
  const live: { engine?: Engine; io?: DispatchIo } = {};
  const metrics = new ServerMetrics({
    socketsByRole: () => socketsByRole(live.io),
    state: () => live.engine?.state ?? initialState(deps.cluster),
  });
  // The history read model lives beside the log, not in the live snapshot (see server/history).
  const archive = deps.history ?? new HistoryStore(path.join(config.dataDir, 'history'));
  const engine = await Engine.open({
    store: metrics.timed(store),
    clock,
    cluster: deps.cluster,
    config,
    history: archive,
    onCommandAnswered: (type, ack, seconds) => metrics.commandAnswered(type, ack, seconds),
  });
  live.engine = engine;
  engine.onEvents((events, state, origin) => {
    if (origin === 'local') metrics.eventsApplied(events, state);
  });
  const track = deps.track ?? new FileTrackStore(path.join(config.dataDir, 'tracks'), config.positionRetentionMs);
  const telemetry = new TrackedPositionStore(
    deps.telemetry ?? new MemoryPositionStore(),
    track,
    config.positionSampleMs,
  );
  const pruneTracks = (): void => {
    track.prune(clock.now()).catch((error: unknown) => console.error('positions: could not prune old tracks', error));
  };
  pruneTracks();
  const trackPruner = clock.every(3600_000, pruneTracks);

  const app = express();
  app.disable('x-powered-by');
  if (config.trustProxy !== undefined) app.set('trust proxy', trustProxyValue(config.trustProxy));
  app.use(securityHeaders({ tileUrl: config.tileUrl }));
  app.use(hsts);
  app.use(caDownloadRouter(config.dataDir));
  app.get('/metrics', metricsHandler(metrics, config.metricsToken));
  // `load` and `fixes` are made with the sockets below, before any request is served.
  const loadDetail = () => ({
    eventLoopLagMs: Math.round(load.lagMs),
    overloaded: load.overloaded,
    fixesShed: fixes.shed,
  });
  app.get('/healthz', (req, res) => {
    // ok and the seq for anyone (a load balancer); the store's detail (paths, errors) for this machine or a dispatcher.
    const token = bearerToken(req);
    const verified = token === null ? null : deps.auth.verify(token);
    const detailed = isDirectLocal(req) || (verified?.ok === true && verified.principal.role === 'dispatcher');
    store.health().then(
      (health) =>
        res
          .status(health.ok ? 200 : 503)
          .json(
            detailed
              ? { ok: health.ok, store: health, seq: engine.state.seq, load: loadDetail() }
              : { ok: health.ok, seq: engine.state.seq },
          ),
      (error: unknown) =>
        res
          .status(503)
          .json(
            detailed
              ? { ok: false, store: { ok: false, detail: String(error) }, seq: engine.state.seq, load: loadDetail() }
              : { ok: false, seq: engine.state.seq },
          ),
    );
  });
  const history = new HistoryService(engine, archive, track, deps.cluster);
  app.use('/api', createHistoryRouter({ auth: deps.auth, history, cluster: deps.cluster, clock }));
  if (deps.apiRouter) app.use('/api', deps.apiRouter);
  app.use('/map', createMapRouter(config));
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

  const httpServer = deps.tls
    ? https.createServer({ cert: deps.tls.cert, key: deps.tls.key }, app)
    : http.createServer(app);
  // WebSocket only: no long-polling endpoint to abuse, and one transport to reason about.
  const io: DispatchIo = new Server(httpServer, {
    maxHttpBufferSize: TRANSPORT_LIMIT_BYTES,
    serveClient: false,
    transports: ['websocket'],
  });
  live.io = io;
  io.use(originGuard(config.allowedOrigins));
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
  const presence = new Presence({ io, clock, state: () => engine.state, acrossNodes });
  const load = new LoadMonitor(config.overloadLagMs);
  metrics.watchLoad(load);
  const fixes = new FixIntake({
    positions: telemetry,
    batcher,
    values: createValueChecks(deps.cluster, config.valueLimits),
    now: () => clock.now(),
    load,
    writeMs: config.positionWriteMs,
    onShed: () => metrics.fixShed(),
  });
  const stopSockets = attachSocketLayer({
    io,
    engine,
    auth: deps.auth,
    clock,
    positions: telemetry,
    fixes,
    limiters: createRateLimiters(
      { ...config.rateLimits, ...(deps.rateLimit ? { command: deps.rateLimit } : {}) },
      // Counters in Redis hold across nodes; with the journal (one node) memory is the whole truth.
      store instanceof RedisStore ? { client: store.connection, prefix: store.prefix } : undefined,
    ),
    presence,
  });
  const stopAccountWatch = watchAccountSessions(io, deps.auth);
  const timers = startTimers({
    engine,
    clock,
    config,
    lease: deps.timerLease ?? alwaysHolder,
    cluster: deps.cluster,
    positions: telemetry,
    travel: loadRoadTravel(config),
    presence,
  });

  let closing: Promise<void> | null = null;
  return {
    app,
    httpServer,
    io,
    engine,
    presence,
    metrics,
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
        stopAccountWatch();
        trackPruner.cancel();
        stopFixResend();
        await fixes.close();
        load.stop();
        batcher.stop();
        // Refuse new commands (shutting_down) and let those in flight finish and reach their clients.
        await engine.close();
        stopSockets();
        // A snapshot on the way out makes the next start-up read it instead of replaying the journal.
        // Not on Redis: the other nodes carry on with the shared log and take snapshots themselves.
        if (store.kind === 'journal' && engine.state.seq > 0) {
          await engine.snapshot().catch((error: unknown) => {
            log.error({ err: error }, 'close: snapshot failed (the journal still has everything)');
          });
        }
        // Presence last before the sockets go: dispatchers still connected heard every change until now.
        presence.stop();
        await new Promise<void>((resolve) => {
          void io.close(() => resolve());
        });
        // Bounded: with Redis down the history writer retries forever, and a replay of the log rewrites
        // whatever it still held, so shutdown must not wait for it.
        await Promise.race([archive.flush(), new Promise<void>((resolve) => setTimeout(resolve, 5000).unref())]);
        await store.close();
        archive.close();
        metrics.close();
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

function socketsByRole(io: DispatchIo | undefined): Partial<Record<Role, number>> {
  const counts: Partial<Record<Role, number>> = {};
  for (const socket of io?.of('/').sockets.values() ?? []) {
    const role = socket.data.principal?.role;
    if (role) counts[role] = (counts[role] ?? 0) + 1;
  }
  return counts;
}

/** TRUST_PROXY as express reads it: a hop count, true/false, or addresses and names ("loopback", "10.0.0.1"). */
function trustProxyValue(value: string): number | boolean | string {
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}
