// Raise → console latency at the cluster's real scale (18 officers sharing positions, 6 posts raising,
// 3 dispatcher consoles) on a real server (journal with fsync, real clock, real sockets on loopback),
// with 0, 100 000 and 1 000 000 events already in the journal (a long-used DATA_DIR: archived segments,
// history files, a snapshot at the head; see history-journal.ts). Also the restart (close, then a new
// server on the same DATA_DIR until it listens), the snapshot and a console's first sync at each size.
// Server and clients share one process (and this machine's other load): compare the sizes with each
// other, not with a quiet machine. A measurement script, not a test.
//   npm run bench:history-scale [-- <raises> <sizes…>]     (default 300 raises; 0 100000 1000000)
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DispatchEvent } from '../shared/events';
import { systemClock } from '../server/clock';
import type { DispatchServer } from '../server/create-server';
import { createTestAuth, principals } from '../test/support/test-auth';
import { connectAs, type TestClient } from '../test/support/test-client';
import { seedCluster } from '../test/support/cluster-fixture';
import { startBenchServer } from './bench-server';
import { percentile } from './bench-stats';
import { writeUsedDataDir } from './history-journal';

const [raisesArg, ...sizeArgs] = process.argv.slice(2);
const RAISES = Number(raisesArg ?? 300);
const SIZES = sizeArgs.length > 0 ? sizeArgs.map(Number) : [0, 100_000, 1_000_000];
/** One raise every this many ms, from the posts in turn (a busy hour, far above the cluster's real rate). */
const RAISE_EVERY_MS = 200;
/** The first raises of each size warm the server up (JIT, socket buffers) and are not counted. */
const WARMUP = 30;
/** Each officer's phone sends a fix this often. */
const FIX_EVERY_MS = 2000;

const cluster = seedCluster;
const { auth, tokenFor } = createTestAuth(systemClock);
async function start(dataDir: string): Promise<{ server: DispatchServer; url: string; ms: number }> {
  const started = performance.now();
  const { server, url } = await startBenchServer(dataDir, cluster, systemClock, auth);
  return { server, url, ms: performance.now() - started };
}

async function measure(size: number): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'grd-scale-'));
  const written = await writeUsedDataDir(dataDir, cluster, size);
  const snapshotFile = path.join(dataDir, 'journal', 'snapshot.json');
  const snapshotBytes = size > 0 ? (await fs.stat(snapshotFile)).size : 0;
  const archived = await fs.readdir(path.join(dataDir, 'journal', 'archive')).catch(() => []);

  // Restart: the first start opens what the writer left; then a close (SIGTERM's path) and a second start.
  const first = await start(dataDir);
  const closeStarted = performance.now();
  await first.server.close();
  const closeMs = performance.now() - closeStarted;
  const { server, url, ms: restartMs } = await start(dataDir);
  const target = { url, tokenFor: (p: Parameters<typeof tokenFor>[0]) => tokenFor(p, 3600_000) };

  const consoles = await Promise.all([1, 2, 3].map((i) => connectAs(target, principals.dispatcher(`bench-${i}`))));
  const posts = await Promise.all(cluster.communes.map((c) => connectAs(target, principals.post(c.id))));
  const officers = await Promise.all(cluster.officers.map((o) => connectAs(target, principals.officer(o.id))));
  const firstSync = await consoles[0]?.sync(0, true);
  const syncBytes = Buffer.byteLength(JSON.stringify(firstSync));

  // Each console notes when each raise reaches it; the post notes when it sent it.
  const sentAt = new Map<string, number>();
  const samples: number[] = [];
  for (const c of consoles) {
    c.socket.on('event', (e: DispatchEvent) => {
      const sent = e.type === 'request:raised' && e.commandId !== null ? sentAt.get(e.commandId) : undefined;
      if (sent !== undefined) samples.push(performance.now() - sent);
    });
  }
  // Each officer wanders near its commune's centre.
  const fixes = officers.map((o, i) => {
    const commune = cluster.communes.find((c) => c.id === cluster.officers[i]?.commune);
    const centre = commune?.center ?? { lat: 20.2, lon: 105.7 };
    return setInterval(() => {
      const jitter = () => (Math.random() - 0.5) * 0.01;
      const fix = { lat: centre.lat + jitter(), lon: centre.lon + jitter(), accuracy: 15, at: Date.now() };
      o.socket.emit('position:report', fix, () => undefined);
    }, FIX_EVERY_MS);
  });

  const cpuBefore = process.cpuUsage();
  const wallStarted = performance.now();
  const raised: Promise<void>[] = [];
  for (let i = 0; i < WARMUP + RAISES; i++) {
    const post = posts[i % posts.length] as TestClient;
    const id = `scale-${size}-${i}-${Date.now().toString(36)}`;
    if (i >= WARMUP) sentAt.set(id, performance.now());
    raised.push(
      post
        .command({ id, type: 'request:raise', data: { kind: 'theft', priority: 'high', note: `#${i}` } })
        .then(async (ack) => {
          if (!ack.ok) throw new Error(`raise refused: ${ack.code} ${ack.message}`);
          // The desk closes it a moment later, so the live state holds what a real day holds.
          await new Promise((r) => setTimeout(r, 1000));
          const resolved = await consoles[i % consoles.length]?.command({
            type: 'request:resolve',
            data: { requestId: ack.ref ?? '', outcome: 'handled', note: '' },
          });
          if (resolved && !resolved.ok) throw new Error(`resolve refused: ${resolved.code}`);
        }),
    );
    await new Promise((r) => setTimeout(r, RAISE_EVERY_MS));
  }
  await Promise.all(raised);
  const wallMs = performance.now() - wallStarted;
  const cpu = process.cpuUsage(cpuBefore);
  for (const f of fixes) clearInterval(f);

  const sorted = samples.sort((a, b) => a - b);
  const f = (n: number) => `${n.toFixed(1)} ms`;
  const live = Object.keys(server.engine.state.requests).length;
  console.log(
    [
      `${size.toLocaleString('en')} events in the journal (seq ${written.seq.toLocaleString('en')}, ` +
        `${written.requests.toLocaleString('en')} requests, ${archived.length} archived segments, written in ${written.seconds.toFixed(0)} s)`,
      `  raise → console  n=${sorted.length}  p50 ${f(percentile(sorted, 50))}  p99 ${f(percentile(sorted, 99))}  ` +
        `max ${f(sorted.at(-1) ?? NaN)}   (process CPU ${Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 100)} %, ` +
        `RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB)`,
      `  restart: close ${Math.round(closeMs)} ms, start until listening ${Math.round(restartMs)} ms ` +
        `(first start ${Math.round(first.ms)} ms)`,
      `  snapshot.json ${kb(snapshotBytes)}; a console's first sync ${kb(syncBytes)}; live requests ${live}`,
    ].join('\n'),
  );
  for (const c of [...consoles, ...posts, ...officers]) c.close();
  await server.close();
  await fs.rm(dataDir, { recursive: true, force: true });
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

console.log(
  `bench:history-scale — ${cluster.officers.length} officers, ${cluster.communes.length} posts, 3 consoles; ` +
    `${RAISES} raises (after ${WARMUP} not counted), one every ${RAISE_EVERY_MS} ms; fixes every ${FIX_EVERY_MS / 1000} s; ${os.cpus().length} cores; ` +
    `load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
);
for (const size of SIZES) await measure(size);
console.log(
  `load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
process.exit(0);
