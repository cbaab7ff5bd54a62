// Socket.IO's Redis adapter, so a room emit on one node reaches the sockets of every node
// (positions, presence). Events from the log do not go this way: each node sends those to its
// own sockets from its projection (see socket.ts), so losing a pub/sub message cannot lose one.
import { createAdapter } from '@socket.io/redis-adapter';
import type { DispatchIo } from '../socket';
import {
  type RedisConnection,
  closeConnection,
  connectWithin,
  createRedisConnection,
  describe,
} from '../store/redis-connection';

export interface RedisAdapterHandle {
  close(): Promise<void>;
}

/**
 * The adapter publishes without handling a failed PUBLISH: while Redis is away that would be an
 * unhandled rejection. Publishes are fire-and-forget here, so a failure is dropped (positions are
 * volatile, and presence is sent again on the next change).
 */
function withQuietPublish(client: RedisConnection): RedisConnection {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (prop === 'publish' && typeof value === 'function') {
        return (...args: unknown[]) =>
          (value as (...a: unknown[]) => Promise<number>).apply(target, args).catch(() => 0);
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Connects a publisher and a subscriber and installs the adapter on `io`. */
export async function installRedisAdapter(
  io: DispatchIo,
  options: { url: string; prefix: string; nodeName: string; log: (message: string) => void },
): Promise<RedisAdapterHandle> {
  let failing = false;
  const onError = (err: Error) => {
    if (!failing) options.log(`socket.io adapter: redis ${describe(err)}`);
    failing = true;
  };
  const pub = createRedisConnection({ url: options.url, name: `${options.nodeName}:pub`, onError, offlineQueue: 1000 });
  const sub = createRedisConnection({ url: options.url, name: `${options.nodeName}:sub`, onError, offlineQueue: 1000 });
  sub.on('ready', () => {
    // node-redis subscribes again by itself on reconnection; log that it is back.
    if (failing) options.log('socket.io adapter: redis reconnected');
    failing = false;
  });
  await Promise.all([connectWithin(pub, 10_000), connectWithin(sub, 10_000)]);
  io.adapter(createAdapter(withQuietPublish(pub), sub, { key: `${options.prefix}socket.io` }));
  return {
    async close() {
      await Promise.all([closeConnection(pub), closeConnection(sub)]);
    },
  };
}
