// Command ack round trip on loopback: a real server (journal with fsync in a temp dir, real clock),
// real socket.io-clients over WebSocket. Prints p50/p99 for sequential commands from one client and
// for several clients sending at once. A measurement script, not a test: figures depend on the disk.
//   npm run bench:ack [-- <commands> <clients>]
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ClusterSchema } from '../shared/cluster';
import { systemClock } from '../server/clock';
import { DEFAULT_CLUSTER_FILE } from '../server/config';
import { createTestAuth, principals } from '../test/support/test-auth';
import { connectAs, type TestClient } from '../test/support/test-client';
import { startBenchServer } from './bench-server';

const total = Number(process.argv[2] ?? 2000);
const clientCount = Number(process.argv[3] ?? 10);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function report(label: string, samples: number[], wallMs: number): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(2).padStart(7);
  console.log(
    `${label.padEnd(34)} n=${String(samples.length).padStart(5)}  p50 ${f(percentile(sorted, 50))} ms  ` +
      `p99 ${f(percentile(sorted, 99))} ms  max ${f(sorted.at(-1) ?? NaN)} ms  ` +
      `${Math.round((samples.length / wallMs) * 1000)} cmd/s`,
  );
}

async function timed(client: TestClient, requestId: string, i: number): Promise<number> {
  const start = performance.now();
  const ack = await client.command({ type: 'request:note', data: { requestId, text: `bench ${i}` } });
  if (!ack.ok) throw new Error(`command refused: ${ack.code} ${ack.message}`);
  return performance.now() - start;
}

async function main(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'grd-bench-'));
  const cluster = ClusterSchema.parse(JSON.parse(await fs.readFile(DEFAULT_CLUSTER_FILE, 'utf8')));
  const { auth, tokenFor } = createTestAuth(systemClock);
  const { server, url } = await startBenchServer(dataDir, cluster, systemClock, auth);
  const target = { url, tokenFor: (p: Parameters<typeof tokenFor>[0]) => tokenFor(p) };
  try {
    const dispatcher = await connectAs(target, principals.dispatcher('bench'));
    const raised = await dispatcher.command({
      type: 'request:raise',
      data: { kind: 'other', priority: 'normal', commune: cluster.communes[0]?.id ?? '' },
    });
    const requestId = raised.ok ? (raised.ref ?? '') : '';
    for (let i = 0; i < 50; i++) await timed(dispatcher, requestId, i); // warm-up

    console.log(`ack round trip, loopback, journal fsync on ${os.tmpdir()} (${os.cpus().length} cores)`);
    const sequential: number[] = [];
    let start = performance.now();
    for (let i = 0; i < total; i++) sequential.push(await timed(dispatcher, requestId, i));
    report('sequential, 1 client', sequential, performance.now() - start);

    const clients = await Promise.all(
      Array.from({ length: clientCount }, (_, i) => connectAs(target, principals.dispatcher(`bench-${i}`))),
    );
    const concurrent: number[] = [];
    const perClient = Math.ceil(total / clientCount);
    start = performance.now();
    await Promise.all(
      clients.map(async (c) => {
        for (let i = 0; i < perClient; i++) concurrent.push(await timed(c, requestId, i));
      }),
    );
    report(`concurrent, ${clientCount} clients`, concurrent, performance.now() - start);
    for (const c of [dispatcher, ...clients]) c.close();
  } finally {
    await server.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
