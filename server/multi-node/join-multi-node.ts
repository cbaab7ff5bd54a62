// What a node needs beyond the event log to run as one of several behind a load balancer: officer
// positions in Redis, the timer lease, and the Socket.IO adapter. Everything stops with the store,
// which the server closes last.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { CreateServerDeps } from '../create-server';
import { RedisTimerLease } from '../store/redis-lease';
import { RedisPositionStore } from '../store/redis-positions';
import type { RedisStore } from '../store/redis-store';
import { installRedisAdapter } from './redis-adapter';
import { log as serverLog } from '../log';

export interface MultiNodeOptions {
  /** Lease lifetime, ms: a dead timer holder is replaced within about this long. */
  leaseTtlMs?: number;
  /** Names this node in logs and in Redis CLIENT LIST; unique by default. */
  nodeId?: string;
  log?: (message: string) => void;
}

export type MultiNodeDeps = Required<Pick<CreateServerDeps, 'telemetry' | 'timerLease' | 'configureIo'>>;

function defaultNodeId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export async function joinMultiNode(store: RedisStore, options: MultiNodeOptions = {}): Promise<MultiNodeDeps> {
  const nodeId = options.nodeId ?? defaultNodeId();
  const log = options.log ?? ((m: string) => serverLog.warn({ nodeId }, m));
  const timerLease = await RedisTimerLease.start({
    url: store.url,
    key: `${store.prefix}timer-lease`,
    holderId: nodeId,
    ttlMs: options.leaseTtlMs ?? 5000,
    onChange: (holder) => log(holder ? 'now runs the timers for all nodes (lease taken)' : 'no longer runs the timers'),
    log,
  });
  store.onClose(() => timerLease.stop());
  return {
    telemetry: new RedisPositionStore(store.connection, store.prefix),
    timerLease,
    configureIo: async (io) => {
      const adapter = await installRedisAdapter(io, { url: store.url, prefix: store.prefix, nodeName: nodeId, log });
      store.onClose(() => adapter.close());
    },
  };
}
