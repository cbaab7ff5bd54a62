// Starts server nodes as child processes (test/redis/support/node-entry.ts) against one
// Redis and key prefix, and mints tokens they all accept.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Principal } from '../../../shared/domain';
import { systemClock } from '../../../server/clock';
import { createTestAuth } from '../../support/test-auth';

const ENTRY = path.join(import.meta.dirname, 'node-entry.ts');

export interface TestNode {
  name: string;
  port: number;
  url: string;
  /** Everything the node printed, for failure messages. */
  output: string[];
  /** The node's process has exited. */
  exited: Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface TestNodesOptions {
  redisUrl: string;
  prefix: string;
  /** Extra environment for every node (ASSIGNMENT_DEADLINE_S, REDIS_LEASE_MS, …). */
  env?: Record<string, string>;
}

export class TestNodes {
  readonly nodes: TestNode[] = [];
  private readonly secret = randomBytes(32).toString('hex');
  private readonly auth = createTestAuth(systemClock, this.secret);

  constructor(private readonly options: TestNodesOptions) {}

  tokenFor(principal: Principal): string {
    return this.auth.tokenFor(principal);
  }

  /** Something connectAs accepts: this node's URL and tokens every node accepts. */
  at(node: TestNode): { url: string; tokenFor(p: Principal): string } {
    return { url: node.url, tokenFor: (p) => this.tokenFor(p) };
  }

  async start(name: string): Promise<TestNode> {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
      env: {
        ...process.env,
        STORE: 'redis',
        REDIS_URL: this.options.redisUrl,
        REDIS_PREFIX: this.options.prefix,
        PORT: '0',
        HOST: '127.0.0.1',
        NODE_ID: name,
        TEST_TOKEN_SECRET: this.secret,
        ...this.options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const port = await new Promise<number>((resolve, reject) => {
      const onLine = (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          output.push(line);
          const ready = /^READY (\d+)$/.exec(line);
          if (ready) resolve(Number(ready[1]));
        }
      };
      child.stdout.on('data', onLine);
      child.stderr.on('data', onLine);
      void exited.then(() => reject(new Error(`node ${name} exited before listening:\n${output.join('\n')}`)));
    });
    const node: TestNode = {
      name,
      port,
      url: `http://127.0.0.1:${port}`,
      output,
      exited,
      kill: (signal) => kill(child, signal, exited),
    };
    this.nodes.push(node);
    return node;
  }

  /** Stops every node still running (SIGTERM: clean shutdown, lease released). */
  async stop(): Promise<void> {
    await Promise.all(this.nodes.splice(0).map((n) => n.kill('SIGTERM')));
  }
}

async function kill(child: ChildProcess, signal: NodeJS.Signals, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
