// The process under test, this server (journal, or one node on Redis) or the bare relay: started on a given port
// (the same port again after the storm's SIGTERM), ready once /healthz answers, and its CPU time and RSS read
// from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Target } from './messages';
import type { Usage } from './stats';
import { wallNow } from './clock';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const READY_TIMEOUT_MS = 300_000;
const CLOCK_TICKS_PER_S = 100;

export interface TargetOptions {
  kind: Target;
  port: number;
  dataDir: string;
  clusterFile: string;
  /** Where the process's stdout and stderr go (appended: a restart adds to it). */
  logFile: string;
  /** When set, the server runs with `node --cpu-prof` into this directory. */
  cpuProfDir?: string;
  /** When set, the server is one of several nodes on this Redis (STORE=redis) instead of the journal. */
  redis?: RedisNode;
  /** How messages name the process ("server node 2"); the kind when not set. */
  name?: string;
  /**
   * Called as soon as the process is spawned, before it is ready: a bench stopped by a signal during a start
   * (the first one, or the storm's) must stop this process too.
   */
  onSpawned?: (target: RunningTarget) => void;
}

export interface RedisNode {
  url: string;
  /** Every key of the run starts with it, so the run's keys can be deleted afterwards. */
  prefix: string;
  nodeId: string;
}

/** A process whose CPU and RSS are read, named for the error when it is gone. */
export interface WatchedProcess {
  pid: number;
  name: string;
  logFile: string;
}

export interface RunningTarget extends WatchedProcess {
  url: string;
  /** SIGTERM, then resolves when the process has exited. */
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function environment(options: TargetOptions): NodeJS.ProcessEnv {
  if (options.kind === 'relay') return { ...process.env, PORT: String(options.port) };
  return {
    ...process.env,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    ...(options.redis
      ? {
          STORE: 'redis',
          REDIS_URL: options.redis.url,
          REDIS_PREFIX: options.redis.prefix,
          NODE_ID: options.redis.nodeId,
        }
      : { STORE: 'journal' }),
    DATA_DIR: options.dataDir,
    CLUSTER_FILE: options.clusterFile,
    DEMO: '0',
    LOG_LEVEL: 'warn',
    // Every driver socket comes from 127.0.0.1; the per-IP budget is meant for one commune office's NAT.
    RATE_IP_BURST: '10000000',
    RATE_IP_PER_S: '10000000',
  };
}

export async function startTarget(options: TargetOptions): Promise<RunningTarget> {
  const script = options.kind === 'server' ? 'server/main.ts' : 'bench/scale/bare-relay.ts';
  const profile = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  const log = fs.openSync(options.logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, [...profile, '--import', 'tsx', script], {
    cwd: REPO_ROOT,
    env: environment(options),
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${options.port}`;
  const name = options.name ?? options.kind;
  let gone = false;
  void exited.then(() => (gone = true));
  const target: RunningTarget = {
    pid: child.pid ?? 0,
    name,
    logFile: options.logFile,
    url,
    stop: async () => {
      if (!gone) child.kill('SIGTERM');
      await exited;
    },
  };
  options.onSpawned?.(target);
  const deadline = wallNow() + READY_TIMEOUT_MS;
  for (;;) {
    if (gone) throw new Error(`${name} exited before it was ready; see ${options.logFile}`);
    if (wallNow() > deadline) {
      // Not left running behind a failed bench (with --nodes, the nodes already up are stopped by the caller).
      child.kill('SIGTERM');
      throw new Error(`${name} not ready within ${READY_TIMEOUT_MS / 1000} s`);
    }
    const ok = await fetch(`${url}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return target;
}

/** CPU time and resident memory of a live process (Linux /proc). */
export function usageOf(watched: WatchedProcess): Usage {
  const { pid } = watched;
  let stat: string;
  let status: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch (err) {
    // Not a bare ENOENT: which process died during the run, and where it said why.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw exitedDuringRun(watched, err);
  }
  // Fields after the command name (which may hold spaces) start at the state, field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Dead but not yet reaped: no memory left to read.
  if (fields[0] === 'Z') throw exitedDuringRun(watched);
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return { cpuMs: (ticks / CLOCK_TICKS_PER_S) * 1000, rssBytes: rssKb * 1024, at: wallNow() };
}

const exitedDuringRun = (watched: WatchedProcess, cause?: unknown) =>
  new Error(`${watched.name} (pid ${watched.pid}) exited during the run; see its log ${watched.logFile}`, { cause });

/** The sum over several processes (the K nodes): CPU time and RSS added up. */
export function usageOfAll(processes: WatchedProcess[]): Usage {
  const each = processes.map(usageOf);
  return {
    cpuMs: each.reduce((n, u) => n + u.cpuMs, 0),
    rssBytes: each.reduce((n, u) => n + u.rssBytes, 0),
    at: wallNow(),
  };
}
