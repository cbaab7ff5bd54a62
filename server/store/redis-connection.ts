// Redis connections for the store, the lease and the Socket.IO adapter: commands fail fast while
// Redis is unreachable (no offline queue, a deadline on every reply) so the server can refuse a
// command with `storage_unavailable` instead of hanging, and the client reconnects by itself forever.
import { createClient } from 'redis';
import { StorageUnavailableError } from './store';

export type RedisConnection = ReturnType<typeof createClient>;

export interface RedisConnectionOptions {
  url: string;
  /** Shown in CLIENT LIST, handy when several nodes share one Redis. */
  name?: string;
  /** Delay cap between reconnection attempts, ms. */
  maxReconnectDelayMs?: number;
  /** Called on connection errors (the client emits them on every failed reconnection attempt). */
  onError?: (err: Error) => void;
  /**
   * Queue commands while reconnecting instead of failing them (bounded). Only for pub/sub clients,
   * whose commands are fire-and-forget: the event log must fail fast instead.
   */
  offlineQueue?: number;
}

/** A client that rejects commands at once while disconnected and reconnects with a capped backoff. */
export function createRedisConnection(options: RedisConnectionOptions): RedisConnection {
  const maxDelay = options.maxReconnectDelayMs ?? 1000;
  const client = createClient({
    url: options.url,
    ...(options.name === undefined ? {} : { name: options.name }),
    disableOfflineQueue: options.offlineQueue === undefined,
    ...(options.offlineQueue === undefined ? {} : { commandsQueueMaxLength: options.offlineQueue }),
    socket: {
      connectTimeout: 2000,
      // Never give up: a node must recover by itself when Redis comes back.
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 10), maxDelay),
    },
  });
  // Without a listener an 'error' event would crash the process on every reconnection attempt.
  client.on('error', (err: unknown) => options.onError?.(err instanceof Error ? err : new Error(String(err))));
  return client;
}

/**
 * Connects, retrying until `timeoutMs` has passed; the first connection also follows the
 * reconnect strategy, so a node started before Redis waits for it instead of failing at once.
 */
export async function connectWithin(client: RedisConnection, timeoutMs: number): Promise<void> {
  if (client.isOpen) return;
  const connecting = client.connect();
  try {
    await withDeadline(connecting, timeoutMs, 'connect');
  } catch (err) {
    connecting.catch(() => undefined);
    client.destroy();
    throw new StorageUnavailableError(`redis not reachable: ${describe(err)}`, { cause: err });
  }
}

/**
 * Rejects when `promise` has not settled within `ms`. Once a command has been written the client
 * waits for its reply however long it takes (its own timeout only covers the queue), and a
 * stalled server would otherwise hang the command.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis ${what}: no reply within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Runs one command with a reply deadline; any failure becomes a StorageUnavailableError naming `what`. */
export async function runWithin<T>(command: Promise<T>, ms: number, what: string): Promise<T> {
  try {
    return await withDeadline(command, ms, what);
  } catch (err) {
    command.catch(() => undefined);
    throw new StorageUnavailableError(`redis ${what} failed: ${describe(err)}`, { cause: err });
  }
}

/** Closes gracefully when possible, otherwise drops the socket. Never throws. */
export async function closeConnection(client: RedisConnection): Promise<void> {
  if (!client.isOpen) return;
  try {
    if (client.isReady) await withDeadline(client.close(), 1000, 'close');
    else client.destroy();
  } catch {
    if (client.isOpen) client.destroy();
  }
}

export function describe(err: unknown): string {
  return err instanceof Error ? err.message || err.name : String(err);
}

/** The URL without its password, for logs and /healthz. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis';
  }
}
