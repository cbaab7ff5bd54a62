// Snapshot size and start-up time against the size of the history: a journal written through a real
// engine (group commit, fsync, periodic snapshots, clock-driven archiving) with N closed requests, one
// 24 at a time every 12 hours of fake time (one append each, to keep the fsyncs few), so the 24 h
// live window holds ~48 of them. Then: the snapshot file,
// a dispatcher's first sync, Engine.open (start-up), and the history read model's first (lazy) load,
// a search and a month's report. A measurement script, not a test.
//   npm run bench:history [-- 10000 100000]
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DispatchState } from '../shared/domain';
import { matches } from '../shared/history';
import { DEFAULT_LIVE_WINDOW_MS, dueArchives, nextRequestNumber } from '../shared/live-window';
import { buildReport } from '../shared/response-times';
import { FakeClock } from '../server/clock';
import { testConfig } from '../server/config';
import { viewFor } from '../server/domain/audience';
import { Engine } from '../server/engine';
import { HistoryStore } from '../server/history/history-store';
import { JournalStore } from '../server/store/journal-store';
import { principals } from '../test/support/test-auth';
import { seedCluster } from '../test/support/cluster-fixture';
import { lifecycle } from './history-journal';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const PER_BATCH = 24;
const SPACING_MS = 12 * 3600_000;

async function main(): Promise<void> {
  const cluster = seedCluster;
  const officers = cluster.officers.map((o) => o.id);
  const communes = cluster.communes.map((c) => c.id);
  console.log(`bench:history — journal with fsync, snapshot every 1 000 events, ${os.cpus().length} cores`);
  for (const n of sizes.length > 0 ? sizes : [10_000, 100_000]) {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'grd-history-'));
    const journalDir = path.join(root, 'journal');
    const historyDir = path.join(root, 'history');
    const clock = new FakeClock(Date.UTC(2020, 0, 1));
    const config = testConfig({ snapshotEvery: 1000 });

    const writeStarted = performance.now();
    const store = new JournalStore(journalDir);
    const history = new HistoryStore(historyDir);
    const engine = await Engine.open({ store, clock, cluster, config, history });
    await engine.runSystem(() =>
      officers.map((officerId) => ({ type: 'officer:duty_changed', data: { officerId, duty: 'available' } })),
    );
    for (let i = 0; i < n; i += PER_BATCH) {
      clock.advance(SPACING_MS);
      const count = Math.min(PER_BATCH, n - i);
      await engine.runSystem((state, now) => [
        ...Array.from({ length: count }, (_, j) => lifecycle(state, i + j, j, officers, communes)).flat(),
        ...dueArchives(state, now, DEFAULT_LIVE_WINDOW_MS, n),
      ]);
    }
    await engine.snapshot(); // what SIGTERM leaves
    await engine.close();
    await store.close();
    history.close();
    const writeS = (performance.now() - writeStarted) / 1000;

    const snapshotBytes = (await fs.stat(path.join(journalDir, 'snapshot.json'))).size;
    const times: number[] = [];
    let state: DispatchState | null = null;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const s = new JournalStore(journalDir);
      const e = await Engine.open({ store: s, clock, cluster, config, history: new HistoryStore(historyDir) });
      times.push(performance.now() - started);
      state = e.state;
      await e.close();
      await s.close();
    }
    if (!state) throw new Error('no state');
    const syncBytes = Buffer.byteLength(JSON.stringify(viewFor(principals.dispatcher(), state)));
    const postSyncBytes = Buffer.byteLength(JSON.stringify(viewFor(principals.post(communes[0]), state)));

    const reader = new HistoryStore(historyDir);
    let started = performance.now();
    const summaries = await reader.summaries();
    const loadMs = performance.now() - started;
    started = performance.now();
    const found = summaries.filter((s) => matches(s, { commune: communes[1], q: 'chợ' }));
    const searchMs = performance.now() - started;
    const to = clock.now();
    started = performance.now();
    const report = buildReport(summaries, { from: to - 30 * 86_400_000, to }, communes);
    const reportMs = performance.now() - started;
    started = performance.now();
    const record = await reader.record(summaries[Math.floor(summaries.length / 2)]?.id ?? '');
    const recordMs = performance.now() - started;
    reader.close();

    const sorted = times.sort((a, b) => a - b);
    console.log(
      [
        `${n.toLocaleString('en')} closed requests (seq ${state.seq.toLocaleString('en')}, written in ${writeS.toFixed(0)} s):`,
        `  live requests ${Object.keys(state.requests).length}, next number ${nextRequestNumber(state)}`,
        `  snapshot.json ${kb(snapshotBytes)}; dispatcher first sync ${kb(syncBytes)}; a post's ${kb(postSyncBytes)}`,
        `  journal on disk ${mb(await dirSize(journalDir))}; history on disk ${mb(await dirSize(historyDir))}`,
        `  start-up (Engine.open) ${sorted.map((t) => `${Math.round(t)} ms`).join(' / ')} (min / mid / max of 3)`,
        `  history: first load ${Math.round(loadMs)} ms (${summaries.length.toLocaleString('en')} summaries), ` +
          `search ${searchMs.toFixed(1)} ms (${found.length} found), 30-day report ${Math.round(reportMs)} ms ` +
          `(${report.rows.length} requests), open one record ${recordMs.toFixed(1)} ms (${record ? 'ok' : 'missing'})`,
      ].join('\n'),
    );
    await fs.rm(root, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function dirSize(dir: string): Promise<number> {
  let size = 0;
  for (const name of await fs.readdir(dir)) size += (await fs.stat(path.join(dir, name))).size;
  return size;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
