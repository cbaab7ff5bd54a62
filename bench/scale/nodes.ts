// bench:scale --nodes K: this server as K nodes on one Redis (STORE=redis), started as `npm run multi-node` starts
// them: K ports, one shared DATA_DIR (roster and token secret), the first node alone and healthy before the others
// so it creates the token secret they read. The run has a key prefix of its own, so its keys stay apart from
// anything else on that Redis and are all deleted at the end. Sockets are spread over the nodes round-robin within
// each kind, so most raises travel from a post on one node to consoles on others.
import path from 'node:path';
import { createClient } from 'redis';
import type { PlacedSocket, SocketSpec } from './messages';
import { startTarget, type RunningTarget, type TargetOptions } from './target';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** The processes of one side: a single process, or the K nodes. */
export interface RunningGroup {
  /** One per process, in start order; the same again after a restart (same ports). */
  urls: string[];
  processes: RunningTarget[];
  /** SIGTERM to every process at once; resolves when all have exited. */
  stop(): Promise<void>;
}

export function single(target: RunningTarget): RunningGroup {
  return { urls: [target.url], processes: [target], stop: () => target.stop() };
}

export interface NodesOptions extends Omit<TargetOptions, 'port' | 'logFile' | 'redis' | 'name'> {
  ports: number[];
  /** Node i (from 1) logs to server-node-i.log here. */
  logDir: string;
  redisUrl: string;
  redisPrefix: string;
}

export async function startNodes(options: NodesOptions): Promise<RunningGroup> {
  const { ports, logDir, redisUrl, redisPrefix, ...base } = options;
  const [firstPort, ...otherPorts] = ports;
  if (firstPort === undefined) throw new Error('startNodes needs at least one port');
  const startNode = (port: number, i: number) =>
    startTarget({
      ...base,
      port,
      logFile: path.join(logDir, `server-node-${i + 1}.log`),
      name: `server node ${i + 1}`,
      redis: { url: redisUrl, prefix: redisPrefix, nodeId: `bench-node-${i + 1}` },
    });
  const first = await startNode(firstPort, 0);
  const others = await Promise.allSettled(otherPorts.map((port, i) => startNode(port, i + 1)));
  const started = [first, ...others.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))];
  const group: RunningGroup = {
    urls: started.map((t) => t.url),
    processes: started,
    stop: async () => {
      await Promise.all(started.map((t) => t.stop()));
    },
  };
  const failed = others.find((r) => r.status === 'rejected');
  if (failed) {
    await group.stop();
    throw failed.reason;
  }
  return group;
}

/** Round-robin by index: socket i of this kind goes to node i mod K. */
export function placeOn(specs: SocketSpec[], urls: string[]): PlacedSocket[] {
  if (urls.length === 0) throw new Error('placeOn needs at least one URL');
  return specs.map((spec, i) => ({ ...spec, url: urls[i % urls.length] ?? '' }));
}

/** A key prefix no other run (and no deployment) uses. */
export function runPrefix(): string {
  return `bench-scale-${process.pid}-${Date.now()}:`;
}

/** The bench's own connection to the nodes' Redis: its CPU time, and the sweep of the run's keys. */
export class BenchRedis {
  private constructor(
    private readonly client: ReturnType<typeof createClient>,
    readonly url: string,
    readonly prefix: string,
  ) {}

  static async connect(url: string, prefix: string): Promise<BenchRedis> {
    // A few retries, then give up: a bench started without Redis says so instead of waiting for it forever.
    const client = createClient({
      url,
      socket: { connectTimeout: 2000, reconnectStrategy: (retries, cause) => (retries >= 5 ? cause : 200) },
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (err) {
      // Closed already once the retries gave up.
      if (client.isOpen) client.destroy();
      throw new Error(`--nodes needs Redis at ${url}: ${(err as Error).message}`, { cause: err });
    }
    return new BenchRedis(client, url, prefix);
  }

  /** Redis's own CPU time so far (INFO cpu: used_cpu_sys + used_cpu_user), ms. */
  async cpuMs(): Promise<number> {
    const info = await this.client.info('cpu');
    const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
    return (field('used_cpu_sys') + field('used_cpu_user')) * 1000;
  }

  /** Deletes every key under the run's prefix (SCAN MATCH + UNLINK); returns how many there were. */
  async deleteKeys(): Promise<number> {
    let deleted = 0;
    for await (const keys of this.client.scanIterator({ MATCH: `${this.prefix}*`, COUNT: 500 })) {
      if (keys.length > 0) deleted += await this.client.unlink(keys);
    }
    return deleted;
  }

  close(): void {
    this.client.destroy();
  }
}
