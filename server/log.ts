// The server's structured log: pino, one JSON object per line on stdout (for journald, Loki, jq), or
// human-readable lines in demo mode. Secrets never go in: fields that could carry one are redacted
// wherever they appear, and callers log ids and codes, never tokens, passwords or request bodies.
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

const SECRET_FIELDS = ['password', 'newPassword', 'passwordHash', 'token', 'secret', 'authorization', 'cookie'];
export const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'auth.token',
];

export interface LogOptions {
  level: LogLevel;
  /** Human-readable lines (demo mode) instead of JSON. */
  pretty: boolean;
  /** Where to write; stdout by default (tests pass a stream to read what was logged). */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LogOptions): Logger {
  const base = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.pretty) {
    return pino(
      base,
      pretty({ sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', destination: options.destination }),
    );
  }
  return options.destination ? pino(base, options.destination) : pino(base);
}

function fromEnvironment(env: NodeJS.ProcessEnv): LogOptions {
  const level = (['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const).find(
    (l) => l === env.LOG_LEVEL,
  );
  // Under vitest only warnings and errors, unless asked: the suites start hundreds of servers.
  return {
    level: level ?? (env.VITEST ? 'warn' : 'info'),
    pretty: env.DEMO === '1' || env.DEMO === 'true' || env.LOG_PRETTY === '1',
  };
}

/** The process's logger; main() replaces it once the configuration is read (a live binding). */
export let log: Logger = createLogger(fromEnvironment(process.env));

export function setLogger(logger: Logger): void {
  log = logger;
}

/** A short description of an unknown thrown value, for a log field. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
