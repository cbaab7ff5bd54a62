// Server nodes in this process that share the Socket.IO Redis adapter on one fresh key prefix (real
// Redis), as the nodes of a deployment do; each keeps its own journal and fake clock. Tracks the nodes
// and the clients connected to them so `close()` can take everything down in order: clients, servers,
// adapters, then every key under the prefix.
//
//   const nodes = adapterNodes('offline', { offlineAlertMs: 2 * MIN });
//   afterEach(() => nodes.close());
//   const a = await nodes.node('node-a', { holder: true });
//   const d = await nodes.connect(a, principals.dispatcher());
import type { Principal } from '../../../shared/domain';
import type { ServerConfig } from '../../../server/config';
import { installRedisAdapter, type RedisAdapterHandle } from '../../../server/multi-node/redis-adapter';
import { connectAs, type ConnectOptions, type TestClient } from '../../support/test-client';
import { startTestServer, type TestServer } from '../../support/test-server';
import { REDIS_URL, deletePrefix, uniquePrefix } from './redis-test-env';

export interface AdapterNodes {
  /** The key prefix the nodes' adapters publish under. */
  readonly prefix: string;
  /**
   * Starts a node. With `holder` it holds (true) or lacks (false) the timer lease; without, it holds it
   * as a lone server does.
   */
  node(name: string, options?: { holder?: boolean }): Promise<TestServer>;
  /** Connects a client to `server`; it is closed by `close()`. */
  connect(server: TestServer, principal: Principal, options?: ConnectOptions): Promise<TestClient>;
  /** Closes the clients, the servers and the adapters, and deletes the keys under the prefix. */
  close(): Promise<void>;
}

/** Nodes on a new prefix labelled `label`, all started with `config`. */
export function adapterNodes(label: string, config: Partial<ServerConfig> = {}): AdapterNodes {
  const prefix = uniquePrefix(label);
  const adapters: RedisAdapterHandle[] = [];
  const servers: TestServer[] = [];
  const clients: TestClient[] = [];
  return {
    prefix,
    node: async (name, { holder } = {}) => {
      const t = await startTestServer({
        config,
        deps: {
          ...(holder === undefined ? {} : { timerLease: { isHolder: () => holder } }),
          configureIo: async (io) => {
            adapters.push(
              await installRedisAdapter(io, { url: REDIS_URL, prefix, nodeName: name, log: () => undefined }),
            );
          },
        },
      });
      servers.push(t);
      return t;
    },
    connect: async (server, principal, options) => {
      const c = await connectAs(server, principal, options);
      clients.push(c);
      return c;
    },
    close: async () => {
      for (const c of clients.splice(0)) c.close();
      for (const s of servers.splice(0)) await s.stop();
      for (const a of adapters.splice(0)) await a.close();
      await deletePrefix(prefix);
    },
  };
}
