// Configuration from environment variables, with safe defaults for a local run.
import path from 'node:path';
import { z } from 'zod';
import { describeIssues } from '../shared/cluster';
import { PrioritySchema } from '../shared/domain';
import { DEFAULT_ETA } from '../shared/geo';
import type { TimerConfig } from './domain/timer-rules';
import { parseAllowedOrigins } from './http/security';
import { DEFAULT_VALUE_LIMITS, type ValueLimits } from './value-checks';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './rate-limits';
import { parseRoadSpeeds, type RoadSpeeds } from '../shared/road-route';

function roadSpeedsFrom(text: string): RoadSpeeds {
  try {
    return parseRoadSpeeds(text);
  } catch (err) {
    throw new Error(`bad configuration: ROAD_SPEEDS_KMH: ${(err as Error).message}`);
  }
}

const seconds = (fallback: number) =>
  z.coerce
    .number()
    .positive()
    .default(fallback)
    .transform((s) => s * 1000);
const flag = z
  .enum(['1', '0', 'true', 'false', ''])
  .default('')
  .transform((v) => v === '1' || v === 'true');

const EnvSchema = z.object({
  /** Default 8080, or 8443 when TLS is on. */
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HOST: z.string().default('0.0.0.0'),
  STORE: z.enum(['journal', 'redis']).default('journal'),
  DATA_DIR: z.string().default('.data'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().default('grd:'),
  REDIS_LEASE_MS: z.coerce.number().int().min(500).default(5000),
  NODE_ID: z.string().optional(),
  TOKEN_SECRET: z.string().optional(),
  TOKEN_TTL_HOURS: z.coerce.number().positive().default(12),
  TILE_URL: z.string().default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  TILE_ATTRIBUTION: z.string().default('&copy; OpenStreetMap contributors'),
  /** Other origins whose pages may open a socket (comma separated), besides the server's own. */
  ALLOWED_ORIGINS: z.string().default(''),
  /** A position fix's device time may be this far from the server's clock. */
  POSITION_MAX_SKEW_S: z.coerce
    .number()
    .positive()
    .default(DEFAULT_VALUE_LIMITS.maxClockSkewMs / 1000),
  /** Positions and request locations may be this far outside the cluster's map bounds. */
  BOUNDS_MARGIN_KM: z.coerce.number().min(0).default(DEFAULT_VALUE_LIMITS.boundsMarginKm),
  CLUSTER_FILE: z.string().optional(),
  MAP_TILES_FILE: z.string().default(''),
  MAP_TILES_ATTRIBUTION: z.string().default('© OpenStreetMap contributors'),
  MAP_DATA_FILE: z.string().default('map-data.json'),
  ROAD_SPEEDS_KMH: z.string().default(''),
  DEMO: flag,
  ASSIGNMENT_DEADLINE_S: seconds(60),
  UNASSIGNED_ALERT_S: seconds(30),
  WELFARE_CHECK_S: seconds(15 * 60),
  WELFARE_ALERT_S: seconds(2 * 60),
  OFFLINE_ALERT_S: seconds(2 * 60),
  SOS_LOST_CONTACT_S: seconds(30),
  /** Priorities whose requests are reassigned automatically after an expiry or a decline: a list, or "none". */
  AUTO_REASSIGN: z
    .string()
    .default('critical')
    .transform((v) => (v.trim() === 'none' ? '' : v))
    .pipe(
      z
        .string()
        .transform((v) =>
          v
            .split(',')
            .map((p) => p.trim())
            .filter((p) => p !== ''),
        )
        .pipe(z.array(PrioritySchema)),
    ),
  POSITION_BATCH_MS: z.coerce.number().int().min(50).default(500),
  POSITION_WRITE_MS: z.coerce.number().int().min(1).max(1000).default(50),
  OVERLOAD_LAG_MS: z.coerce.number().int().min(10).default(200),
  SNAPSHOT_EVERY: z.coerce.number().int().min(10).default(1000),
  LIVE_WINDOW_HOURS: z.coerce.number().positive().default(24),
  POSITION_RETENTION_DAYS: z.coerce.number().positive().default(30),
  POSITION_SAMPLE_S: seconds(15),
  ETA_ROAD_FACTOR: z.coerce.number().min(1).default(DEFAULT_ETA.roadFactor),
  ETA_SPEED_KMH: z.coerce.number().positive().default(DEFAULT_ETA.speedKmh),
  RATE_COMMAND_BURST: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.command.burst),
  RATE_COMMAND_PER_S: z.coerce.number().positive().default(DEFAULT_RATE_LIMITS.command.perSecond),
  RATE_POSITION_BURST: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.position.burst),
  RATE_POSITION_PER_S: z.coerce.number().positive().default(DEFAULT_RATE_LIMITS.position.perSecond),
  RATE_IP_BURST: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.ip.burst),
  RATE_IP_PER_S: z.coerce.number().positive().default(DEFAULT_RATE_LIMITS.ip.perSecond),
  TLS_CERT_FILE: z.string().optional(),
  TLS_KEY_FILE: z.string().optional(),
  /** With TLS: the plain-HTTP port that only redirects (and serves the CA); default 8080, "off" for none. */
  HTTP_REDIRECT_PORT: z.union([z.literal('off'), z.coerce.number().int().min(1).max(65535)]).optional(),
  /** Express's "trust proxy" (behind Caddy/nginx): e.g. "loopback", "1", an address list; unset = trust none. */
  TRUST_PROXY: z.string().optional(),
  /** Bearer token for GET /metrics; unset = /metrics answers loopback callers only. */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** The timers' intervals and choices (TimerConfig) and everything else the server reads from the environment. */
export interface ServerConfig extends TimerConfig {
  port: number;
  host: string;
  store: 'journal' | 'redis';
  dataDir: string;
  redisUrl: string;
  redisPrefix: string;
  /** Timer lease lifetime with several nodes: a dead holder is replaced within about this long. */
  redisLeaseMs: number;
  /** Names this node in logs and Redis (several nodes); host:pid:random when unset. */
  nodeId: string | undefined;
  /** Undefined: read or generate one in dataDir (see auth). */
  tokenSecret: string | undefined;
  tokenTtlMs: number;
  tileUrl: string;
  tileAttribution: string;
  /** Origins besides the server's own whose pages may open a socket. */
  allowedOrigins: string[];
  /** Plausibility of positions and request locations. */
  valueLimits: ValueLimits;
  clusterFile: string;
  /** A PMTiles basemap (absolute, or relative to DATA_DIR); '' for none. Served at /map/tiles.pmtiles. */
  mapTilesFile: string;
  mapTilesAttribution: string;
  /** Roads and places from `npm run map:import` (absolute, or relative to DATA_DIR). Served at /map/data.json. */
  mapDataFile: string;
  /** km/h by road class for the road ETA (ROAD_SPEEDS_KMH="trunk=60,track=10" over the defaults). */
  roadSpeeds: RoadSpeeds;
  demo: boolean;
  positionBatchMs: number;
  /** Fixes received within this window are coalesced per officer and written to the store in one go. */
  positionWriteMs: number;
  /** Event-loop lag at which this node sheds position fixes (commands still run); ms. */
  overloadLagMs: number;
  /** Take a snapshot after this many events. */
  snapshotEvery: number;
  /** Sampled officer positions are kept this long for replay. */
  positionRetentionMs: number;
  /** An officer's fix is kept for replay at most this often (unless it moved far). */
  positionSampleMs: number;
  /** Per account (commands and syncs; position reports) and per IP (every message). */
  rateLimits: RateLimits;
  /** PEM files for HTTPS; both or neither. */
  tls: { certFile: string; keyFile: string } | null;
  /** With TLS, the plain-HTTP redirect port (null: none). */
  httpRedirectPort: number | null;
  trustProxy: string | undefined;
  metricsToken: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export const DEFAULT_CLUSTER_FILE = path.join(import.meta.dirname, 'data', 'cluster.json');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`bad configuration: ${describeIssues(parsed.error)}`);
  }
  const e = parsed.data;
  if ((e.TLS_CERT_FILE === undefined) !== (e.TLS_KEY_FILE === undefined)) {
    throw new Error('bad configuration: set both TLS_CERT_FILE and TLS_KEY_FILE (or neither)');
  }
  const tls =
    e.TLS_CERT_FILE !== undefined && e.TLS_KEY_FILE !== undefined
      ? { certFile: path.resolve(e.TLS_CERT_FILE), keyFile: path.resolve(e.TLS_KEY_FILE) }
      : null;
  const redirect = e.HTTP_REDIRECT_PORT ?? 8080;
  return {
    port: e.PORT ?? (tls ? 8443 : 8080),
    host: e.HOST,
    store: e.STORE,
    dataDir: path.resolve(e.DATA_DIR),
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    redisLeaseMs: e.REDIS_LEASE_MS,
    nodeId: e.NODE_ID,
    tokenSecret: e.TOKEN_SECRET,
    tokenTtlMs: e.TOKEN_TTL_HOURS * 3600_000,
    tileUrl: e.TILE_URL,
    tileAttribution: e.TILE_ATTRIBUTION,
    allowedOrigins: parseAllowedOrigins(e.ALLOWED_ORIGINS),
    valueLimits: { maxClockSkewMs: e.POSITION_MAX_SKEW_S * 1000, boundsMarginKm: e.BOUNDS_MARGIN_KM },
    clusterFile: e.CLUSTER_FILE ? path.resolve(e.CLUSTER_FILE) : DEFAULT_CLUSTER_FILE,
    mapTilesFile: e.MAP_TILES_FILE ? path.resolve(e.DATA_DIR, e.MAP_TILES_FILE) : '',
    mapTilesAttribution: e.MAP_TILES_ATTRIBUTION,
    mapDataFile: path.resolve(e.DATA_DIR, e.MAP_DATA_FILE || 'map-data.json'),
    roadSpeeds: roadSpeedsFrom(e.ROAD_SPEEDS_KMH),
    demo: e.DEMO,
    assignmentDeadlineMs: e.ASSIGNMENT_DEADLINE_S,
    unassignedAlertMs: e.UNASSIGNED_ALERT_S,
    welfareCheckMs: e.WELFARE_CHECK_S,
    welfareAlertMs: e.WELFARE_ALERT_S,
    offlineAlertMs: e.OFFLINE_ALERT_S,
    sosLostContactMs: e.SOS_LOST_CONTACT_S,
    autoReassignPriorities: e.AUTO_REASSIGN,
    positionBatchMs: e.POSITION_BATCH_MS,
    positionWriteMs: e.POSITION_WRITE_MS,
    overloadLagMs: e.OVERLOAD_LAG_MS,
    snapshotEvery: e.SNAPSHOT_EVERY,
    liveWindowMs: e.LIVE_WINDOW_HOURS * 3600_000,
    positionRetentionMs: e.POSITION_RETENTION_DAYS * 86_400_000,
    positionSampleMs: e.POSITION_SAMPLE_S,
    eta: { roadFactor: e.ETA_ROAD_FACTOR, speedKmh: e.ETA_SPEED_KMH },
    rateLimits: {
      command: { burst: e.RATE_COMMAND_BURST, perSecond: e.RATE_COMMAND_PER_S },
      position: { burst: e.RATE_POSITION_BURST, perSecond: e.RATE_POSITION_PER_S },
      ip: { burst: e.RATE_IP_BURST, perSecond: e.RATE_IP_PER_S },
    },
    tls,
    httpRedirectPort: tls && redirect !== 'off' ? redirect : null,
    trustProxy: e.TRUST_PROXY,
    metricsToken: e.METRICS_TOKEN,
    logLevel: e.LOG_LEVEL,
  };
}

/** A config for tests: defaults, then overrides. */
export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  const base = loadConfig({});
  // Map data next to the test's own DATA_DIR, never the developer's .data.
  const mapDataFile = path.join(overrides.dataDir ?? base.dataDir, 'map-data.json');
  // Tests share a loaded machine: a lag spike must not shed their fixes (a test of shedding sets its own).
  return { ...base, demo: false, mapDataFile, overloadLagMs: 60_000, ...overrides };
}
