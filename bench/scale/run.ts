// `npm run bench:scale -- --officers N --posts P --consoles C [--seconds S] [--drain S] [--storm] [--nodes K]
//    [--only server|relay] [--driver-nice N] [--cpu-prof-dir DIR]`
// Runs this server (journal store with fsync, websocket) and then a bare Socket.IO relay with the same driver
// processes (at most 1,000 sockets each): consoles listen, posts raise every 2 s, officers send a fix every 5 s.
// Prints raise → every console, ack and fix → console latencies, position messages, RSS, CPU and losses for
// both, and with --storm the time for every socket to be live again after a restart (SIGTERM, start again).
// With --nodes K (K ≥ 2) the server side is K nodes on the Redis at REDIS_URL (STORE=redis, nodes.ts) under a
// key prefix of this run's own, deleted at the end (after a failure, SIGINT, SIGTERM or SIGHUP too); each kind of
// socket is spread over the nodes round-robin, CPU and RSS are summed over the nodes and the Redis server's CPU is
// printed too. A failed run keeps the processes' logs in os.tmpdir()/bench-scale-failed-<pid>/.
// The relay stays one process.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SCRYPT } from '../../server/auth/passwords';
import { wallNow } from './clock';
import { BENCH_PASSWORD, BENCH_SCRYPT, writeFixture, type Fixture } from './fixture';
import type { DriverReport, FromDriver, PlacedSocket, SocketSpec, Target, ToDriver } from './messages';
import { BenchRedis, DEFAULT_REDIS_URL, placeOn, runPrefix, single, startNodes, type RunningGroup } from './nodes';
import { cpuPercentOf, figuresOf, table, type Figures, type StormFigures } from './stats';
import { appendFigures, readServers } from './server-metrics';
import { freePort, REPO_ROOT, startTarget, usageOfAll, type RunningTarget } from './target';

const SOCKETS_PER_DRIVER = 1000;
/** A console parses every position batch (a fix per officer): a few per process, so the instrument keeps up. */
const CONSOLES_PER_DRIVER = 5;
const RAISE_EVERY_MS = 2000;
const FIX_EVERY_MS = 5000;

const { values } = parseArgs({
  options: {
    officers: { type: 'string', default: '18' },
    posts: { type: 'string', default: '6' },
    consoles: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '30' },
    /** After the load: late acks and deliveries still count for this long. */
    drain: { type: 'string', default: '15' },
    storm: { type: 'boolean', default: false },
    'storm-timeout': { type: 'string', default: '300' },
    /**
     * Niceness of the driver processes. In the field every phone and console has its own CPU; here thousands
     * of sockets share the two cores with the process under test, and at equal priority they starved it (it
     * waited for a CPU 40–70 % of the time). 0 runs them at the same priority as the target.
     */
    'driver-nice': { type: 'string', default: '10' },
    /** Run only one side: server or relay. */
    only: { type: 'string' },
    /** The server runs under `node --cpu-prof`, profiles written here. */
    'cpu-prof-dir': { type: 'string' },
    /** Server nodes on one Redis (STORE=redis); 1 is the journal store. */
    nodes: { type: 'string', default: '1' },
  },
});
const size = { officers: Number(values.officers), posts: Number(values.posts), consoles: Number(values.consoles) };
const seconds = Number(values.seconds);
const nodes = Number(values.nodes);
const stormTimeoutMs = Number(values['storm-timeout']) * 1000;
const driverNice = Number(values['driver-nice']);
if (!Number.isInteger(driverNice) || driverNice < 0 || driverNice > 19) {
  throw new Error('--driver-nice must be a whole number from 0 to 19');
}
for (const [name, n] of Object.entries({ ...size, seconds, nodes })) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number`);
}
const targets: Target[] = values.only === 'server' || values.only === 'relay' ? [values.only] : ['server', 'relay'];

class Driver {
  readonly child: ChildProcess;
  private readonly waiting = new Map<FromDriver['type'], (m: FromDriver) => void>();
  stormBack = 0;

  constructor(
    readonly sockets: PlacedSocket[],
    nice: number,
  ) {
    this.child = fork(path.join(import.meta.dirname, 'driver.ts'), [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx'],
    });
    if (nice !== 0 && this.child.pid !== undefined) os.setPriority(this.child.pid, nice);
    this.child.on('message', (m: FromDriver) => {
      if (m.type === 'storm-progress') this.stormBack = m.back;
      if (m.type === 'failed') console.error(`driver ${this.child.pid}: ${m.message}`);
      this.waiting.get(m.type)?.(m);
    });
  }

  send(message: ToDriver): void {
    this.child.send(message);
  }

  next<T extends FromDriver['type']>(type: T): Promise<Extract<FromDriver, { type: T }>> {
    return new Promise((resolve, reject) => {
      this.waiting.set(type, (m) => resolve(m as Extract<FromDriver, { type: T }>));
      this.waiting.set('failed', (m) => reject(new Error(m.type === 'failed' ? m.message : 'driver failed')));
      this.child.once('exit', (code) => reject(new Error(`driver ${this.child.pid} exited (${code})`)));
    });
  }

  kill(): void {
    this.child.kill();
  }
}

/**
 * Consoles, posts and officers each in their own processes, so a console's clock reads are not queued behind load;
 * each kind spread over the processes at `urls` (the server's nodes) on its own.
 */
function driverGroups(fixture: Fixture, urls: string[]): PlacedSocket[][] {
  const chunks = (specs: SocketSpec[], per = SOCKETS_PER_DRIVER) => {
    const placed = placeOn(specs, urls);
    return Array.from({ length: Math.ceil(placed.length / per) }, (_, i) => placed.slice(i * per, (i + 1) * per));
  };
  return [...chunks(fixture.consoles, CONSOLES_PER_DRIVER), ...chunks(fixture.posts), ...chunks(fixture.officers)];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (text: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${text}`);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/**
 * What a signal must stop before the run's Redis keys can be deleted (nodes still running could write more):
 * every process under test from the moment it is spawned (a start still waiting for /healthz too), and the drivers.
 */
const live: { processes: Set<RunningTarget>; drivers: Driver[] } = { processes: new Set(), drivers: [] };
const track = (target: RunningTarget) => live.processes.add(target);

/** `redis`: the server side runs as `nodes` nodes on it; null: one process (the journal server, or the relay). */
async function runTarget(kind: Target, fixture: Fixture, workDir: string, redis: BenchRedis | null): Promise<Figures> {
  const ports: number[] = [];
  // Distinct ports: a port is only taken once its process listens, so each probe must not hand out one seen before.
  while (ports.length < (redis ? nodes : 1)) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  const options = {
    kind,
    dataDir: fixture.dataDir,
    clusterFile: fixture.clusterFile,
    ...(kind === 'server' && values['cpu-prof-dir'] ? { cpuProfDir: path.resolve(values['cpu-prof-dir']) } : {}),
    onSpawned: track,
  };
  const start = (): Promise<RunningGroup> =>
    redis
      ? startNodes({ ...options, ports, logDir: workDir, redisUrl: redis.url, redisPrefix: redis.prefix })
      : startTarget({ ...options, port: ports[0] ?? 0, logFile: path.join(workDir, `${kind}.log`) }).then(single);
  let target = await start();
  // Settled first: right after /healthz the process is still loading lazily-imported code.
  await sleep(2000);
  const idle = usageOfAll(target.processes);
  const drivers = driverGroups(fixture, target.urls).map((group) => new Driver(group, driverNice));
  live.drivers = drivers;
  const total = drivers.reduce((n, d) => n + d.sockets.length, 0);
  try {
    say(`${kind}: logging in and connecting ${total} sockets from ${drivers.length} driver processes…`);
    const ready = drivers.map((d) => d.next('ready'));
    for (const d of drivers) {
      d.send({
        type: 'start',
        target: kind,
        password: BENCH_PASSWORD,
        sockets: d.sockets,
        raiseEveryMs: RAISE_EVERY_MS,
        fixEveryMs: FIX_EVERY_MS,
        drainMs: Number(values.drain) * 1000,
      });
    }
    const readies = await Promise.all(ready);
    const slowest = (f: (r: (typeof readies)[number]) => number) => Math.max(...readies.map(f)) / 1000;
    say(
      `${kind}: all connected (logins ${slowest((r) => r.loginMs).toFixed(1)} s, sockets ${slowest((r) => r.connectMs).toFixed(1)} s); load for ${seconds} s, load average ${load()}`,
    );

    const connected = usageOfAll(target.processes);
    const redisFrom = redis ? { cpuMs: await redis.cpuMs(), at: wallNow() } : null;
    const serverFrom = kind === 'server' ? await readServers(target.urls) : null;
    const from = usageOfAll(target.processes);
    const untilWall = wallNow() + seconds * 1000;
    for (const d of drivers) d.send({ type: 'go', untilWall });
    await sleep(seconds * 1000);
    const to = usageOfAll(target.processes);
    const redisTo = redis ? { cpuMs: await redis.cpuMs(), at: wallNow() } : null;
    const serverTo = serverFrom ? await readServers(target.urls) : null;
    const reports = drivers.map((d) => d.next('report'));
    for (const d of drivers) d.send({ type: 'stop' });
    const collected: DriverReport[] = (await Promise.all(reports)).map((r) => r.report);
    const figures = figuresOf(collected, { idle, connected, from, to }, total);
    if (serverFrom && serverTo) {
      figures.logAppend = appendFigures(serverFrom.appends, serverTo.appends);
      figures.loopDelay = serverTo.loopDelay;
    }
    if (redisFrom && redisTo) {
      figures.nodes = nodes;
      figures.redisCpuPercent = cpuPercentOf(redisFrom, redisTo);
    }
    say(`${kind}: load done, load average ${load()}`);

    if (values.storm) {
      // Stopped only once every driver counts drops: a drop seen before `storm` would never count as back.
      const armed = drivers.map((d) => d.next('storm-armed'));
      for (const d of drivers) d.send({ type: 'storm' });
      await Promise.all(armed);
      const where = ports.length === 1 ? `port ${ports[0]}` : `ports ${ports.join(', ')} (first alone)`;
      say(`${kind}: storm: SIGTERM and start again on ${where}…`);
      const t0 = wallNow();
      await target.stop();
      const t1 = wallNow();
      target = await start();
      const t2 = wallNow();
      let back = 0;
      let lastSaid = 0;
      while (wallNow() - t0 < stormTimeoutMs) {
        back = drivers.reduce((n, d) => n + d.stormBack, 0);
        if (back >= total) break;
        if (wallNow() - lastSaid > 10_000) {
          say(`${kind}: storm: ${back} of ${total} back after ${((wallNow() - t0) / 1000).toFixed(0)} s`);
          lastSaid = wallNow();
        }
        await sleep(250);
      }
      const storm: StormFigures = {
        sockets: total,
        stopMs: t1 - t0,
        startMs: t2 - t1,
        allBackMs: back >= total ? wallNow() - t0 : null,
        back,
      };
      figures.storm = storm;
      say(`${kind}: storm done, load average ${load()}`);
    }
    return figures;
  } finally {
    for (const d of drivers) d.kill();
    await target.stop();
    for (const p of target.processes) live.processes.delete(p);
    live.drivers = [];
  }
}

const redis =
  nodes > 1 && targets.includes('server')
    ? await BenchRedis.connect(process.env.REDIS_URL ?? DEFAULT_REDIS_URL, runPrefix())
    : null;
// Made after Redis answered: a bench that cannot reach it leaves nothing behind.
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));

/** The processes' logs of a failed run, copied here before the work dir goes. */
const keptLogsDir = path.join(os.tmpdir(), `bench-scale-failed-${process.pid}`);

let cleaning: Promise<boolean> | null = null;
/**
 * Everything the run leaves behind, once, whoever asks first (a signal or the end of the run): the drivers and
 * every process under test stopped, then the run's Redis keys deleted, the client closed, the work dir removed
 * (its logs kept first when the run failed). Resolves to whether the keys were deleted.
 */
function cleanup(failed: boolean): Promise<boolean> {
  cleaning ??= (async () => {
    for (const d of live.drivers) d.kill();
    await Promise.all([...live.processes].map((p) => p.stop()));
    live.processes.clear();
    let swept = true;
    if (redis) {
      try {
        const deleted = await redis.deleteKeys();
        say(`redis: deleted ${deleted} keys under ${redis.prefix}`);
      } catch (err) {
        swept = false;
        console.error(`redis: could not delete the keys under ${redis.prefix}: ${String(err)}`);
      } finally {
        redis.close();
      }
    }
    if (failed) {
      try {
        keepLogs();
      } catch (err) {
        console.error(`could not keep the logs of ${workDir}: ${String(err)}`);
      }
    }
    fs.rmSync(workDir, { recursive: true, force: true });
    return swept;
  })();
  return cleaning;
}

function keepLogs(): void {
  const logs = fs.readdirSync(workDir).filter((f) => f.endsWith('.log'));
  if (logs.length === 0) return;
  fs.mkdirSync(keptLogsDir, { recursive: true });
  for (const log of logs) fs.copyFileSync(path.join(workDir, log), path.join(keptLogsDir, log));
  console.error(
    `the run failed: its logs (${logs.join(', ')}) are kept in ${keptLogsDir} (the work dir ${workDir} is removed)`,
  );
}

/** Set once a signal arrived: its handler exits, the run's own end then only waits for the same cleanup. */
let stoppedBy: NodeJS.Signals | null = null;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  // Kept on (not once): a second signal during the cleanup must not kill the bench before the keys are gone.
  process.on(signal, () => {
    if (stoppedBy) return;
    stoppedBy = signal;
    say(
      `${signal}: stopping the drivers and the processes under test${redis ? `, then deleting the keys under ${redis.prefix}` : ''}…`,
    );
    void cleanup(false).finally(() => process.exit(128 + os.constants.signals[signal]));
  });
}

/** Runs the bench and prints its figures; cleaning up is the caller's. */
async function main(): Promise<void> {
  say(
    `bench:scale ${size.officers} officers, ${size.posts} posts, ${size.consoles} consoles; ${seconds} s of load; load average ${load()} (${os.cpus().length} cores)`,
  );
  if (redis) say(`server: ${nodes} nodes, STORE=redis at ${redis.url}, key prefix ${redis.prefix}`);
  const fixture = await writeFixture(workDir, size);
  const results: Partial<Record<Target, Figures>> = {};
  for (const kind of targets) {
    const figures = await runTarget(kind, fixture, workDir, kind === 'server' ? redis : null);
    results[kind] = figures;
    // Printed at once too, so a long run stopped later still leaves this side's figures.
    console.log(`\n${table(kind === 'server' ? figures : null, kind === 'relay' ? figures : null)}\n`);
  }
  console.log('');
  console.log(table(results.server ?? null, results.relay ?? null));
  console.log('');
  console.log(
    [
      `notes: bench accounts hashed with scrypt N=${BENCH_SCRYPT.N} r=${BENCH_SCRYPT.r} p=${BENCH_SCRYPT.p} (server default N=${DEFAULT_SCRYPT.N} r=${DEFAULT_SCRYPT.r} p=${DEFAULT_SCRYPT.p}) so that logins do not dominate;`,
      `the per-IP rate limit is lifted (every driver is 127.0.0.1); the server logs at warn; the storm runs without load;`,
      `the relay answers \`sync\` with nothing missed. Figures are only comparable at a similar load average.`,
      driverNice > 0
        ? `drivers run at nice ${driverNice} (--driver-nice): the process under test has the cores first, as with clients on their own machines; console latencies include the console driver's own wait for a CPU.`
        : `drivers run at nice 0 (--driver-nice): they compete with the process under test for the cores at equal priority.`,
      ...(redis
        ? [
            `with ${nodes} nodes: Redis CPU is the whole Redis server's (INFO cpu), it shares these cores only when REDIS_URL is local; RSS is summed over ${nodes} processes (${nodes} baselines).`,
          ]
        : []),
      `load average at the end: ${load()}`,
    ].join('\n'),
  );
}

let failed = false;
try {
  await main();
} catch (err) {
  failed = true;
  // After a signal the run fails because its processes were stopped: that is not news.
  if (!stoppedBy) console.error(err);
}
const swept = await cleanup(failed && !stoppedBy);
// The signal's handler exits with 128 + its number once this same cleanup is done.
if (!stoppedBy) process.exit(failed || !swept ? 1 : 0);
