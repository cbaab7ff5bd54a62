// `npm run multi-node`: three server nodes on one machine against one Redis (STORE=redis), on ports
// 8081–8083, sharing DATA_DIR (roster and token secret). Put a load balancer in front
// (docs/nginx.conf). The first node starts alone so it creates the token secret (and, with DEMO=1,
// the demo accounts and the simulator) before the others read them. Ctrl-C stops all three.
//   MULTI_NODE_PORTS=8081,8082,8083 REDIS_URL=redis://127.0.0.1:6379 DATA_DIR=.data/multi-node npm run multi-node
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const MAIN = path.join(ROOT, 'server', 'main.ts');
const ports = (process.env.MULTI_NODE_PORTS ?? '8081,8082,8083').split(',').map((p) => Number(p.trim()));
const dataDir = process.env.DATA_DIR ?? path.join(ROOT, '.data', 'multi-node');
const children = new Map<number, ChildProcess>();
let stopping = false;

function startNode(port: number, first: boolean): ChildProcess {
  const nodeId = `${process.env.NODE_ID ?? 'node'}-${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STORE: 'redis',
    PORT: String(port),
    DATA_DIR: dataDir,
    NODE_ID: nodeId,
  };
  // Demo accounts and the simulator once, on the first node; the others share the roster.
  if (!first) delete env.DEMO;
  // Own process group: Ctrl-C reaches only this script, which stops each node with one SIGTERM.
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const label = `[${port}] `;
  const forward = (out: NodeJS.WriteStream) => (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) out.write(`${label}${line}\n`);
  };
  child.stdout?.on('data', forward(process.stdout));
  child.stderr?.on('data', forward(process.stderr));
  child.once('exit', (code, signal) => {
    children.delete(port);
    if (!stopping) console.error(`${label}node exited (${signal ?? `code ${code}`}); the others keep serving`);
    if (children.size === 0) process.exit(stopping ? 0 : 1);
  });
  children.set(port, child);
  return child;
}

async function healthy(port: number, timeoutMs: number): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < timeoutMs;) {
    if (!children.has(port)) return false;
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

function stopAll(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping ${children.size} node(s)…`);
  for (const child of children.values()) child.kill('SIGTERM');
}

async function main(): Promise<void> {
  if (ports.length === 0 || ports.some((p) => !Number.isInteger(p) || p <= 0)) {
    throw new Error(`MULTI_NODE_PORTS must be a comma-separated list of ports, got "${process.env.MULTI_NODE_PORTS}"`);
  }
  process.on('SIGINT', () => stopAll('SIGINT'));
  process.on('SIGTERM', () => stopAll('SIGTERM'));
  const [first, ...rest] = ports;
  if (first === undefined) return;
  startNode(first, true);
  if (!(await healthy(first, 30_000))) {
    stopAll('SIGTERM');
    throw new Error(
      `the first node (port ${first}) did not become healthy: is Redis running at ${process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'}?`,
    );
  }
  for (const port of rest) startNode(port, false);
  await Promise.all(rest.map((p) => healthy(p, 30_000)));
  console.log(`nodes up: ${[...children.keys()].map((p) => `http://127.0.0.1:${p}`).join(' ')}`);
  console.log('put a load balancer in front of them (docs/nginx.conf); Ctrl-C stops all nodes');
}

main().catch((err: unknown) => {
  console.error(`cannot start the nodes: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
