// Start-up time against the size of the journal: a log of N events (default 100 000: whole request
// lifecycles — raised, assigned, accepted, en route, on scene, released, resolved) opened cold three ways:
// no snapshot (replay everything), a snapshot at the head (what a SIGTERM leaves), and a snapshot 1 000
// events back (what the periodic snapshot, every 1 000 events, leaves after a crash). Measures Engine.open: reading the
// snapshot and the journal, parsing, and folding with the reducer. A measurement script, not a test.
//   npm run bench:startup [-- <events>]
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Actor } from '../shared/domain';
import type { EventBody, EventDraft } from '../shared/events';
import { systemClock } from '../server/clock';
import { testConfig } from '../server/config';
import { Engine } from '../server/engine';
import { JournalStore } from '../server/store/journal-store';
import { seedCluster } from '../test/support/cluster-fixture';

const total = Number(process.argv[2] ?? 100_000);
const TAIL = 1000;
const BATCH = 1000;

async function main(): Promise<void> {
  const cluster = seedCluster;
  const config = testConfig();
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'grd-startup-'));
  const drafts = lifecycleDrafts(
    total,
    cluster.officers.map((o) => o.id),
    cluster.communes.map((c) => c.id),
  );

  // Written through an engine that stays open, as a running server writes: its snapshots rotate segments.
  const bodies: EventBody[] = drafts.map((d) => ({ type: d.type, data: d.data }) as EventBody);
  const writeLog = async (dir: string, snapshotsAt: number[]) => {
    const store = new JournalStore(dir);
    const engine = await Engine.open({ store, clock: systemClock, cluster, config: { ...config, snapshotEvery: 1e9 } });
    for (let i = 0; i < bodies.length; i += BATCH) {
      const batch = bodies.slice(i, Math.min(bodies.length, i + BATCH));
      await engine.runSystem(() => batch);
      if (snapshotsAt.includes(engine.state.seq)) await engine.snapshot();
    }
    await engine.close();
    await store.close();
  };

  console.log(`bench:startup — ${drafts.length} events, journal with fsync, ${os.cpus().length} cores`);
  const none = path.join(root, 'none');
  await writeLog(none, []);
  // As a running server leaves it after a crash: the last periodic snapshot 1 000 events back, the
  // segment before it kept for catch-up, the tail after it.
  const behind = path.join(root, 'behind');
  await writeLog(behind, [drafts.length - 2 * TAIL, drafts.length - TAIL]);
  // SIGTERM adds one at the head.
  const atHead = path.join(root, 'at-head');
  await writeLog(atHead, [drafts.length - 2 * TAIL, drafts.length - TAIL, drafts.length]);

  for (const [label, dir] of [
    ['no snapshot (replay the whole journal)', none],
    ['snapshot at the head (after SIGTERM)', atHead],
    [`snapshot ${TAIL} events back (after a crash)`, behind],
  ] as const) {
    const times: number[] = [];
    let seq = 0;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const store = new JournalStore(dir);
      const engine = await Engine.open({ store, clock: systemClock, cluster, config });
      times.push(performance.now() - started);
      seq = engine.state.seq;
      await engine.close();
      await store.close();
    }
    const size = await dirSize(dir);
    const sorted = times.sort((a, b) => a - b);
    console.log(
      `${label.padEnd(44)} seq ${seq}  on disk ${(size / 1e6).toFixed(1)} MB  ` +
        `open ${sorted.map((t) => `${Math.round(t)} ms`).join(' / ')} (min / mid / max of 3)`,
    );
  }
  await fs.rm(root, { recursive: true, force: true });
}

/** Whole lifecycles on every officer in turn, padded with notes to exactly `n` events. */
function lifecycleDrafts(n: number, officers: string[], communes: string[]): EventDraft[] {
  const system: Actor = { role: 'system' };
  const drafts: EventDraft[] = [];
  const push = (body: EventBody, actor: Actor = system) =>
    drafts.push({
      ...body,
      at: 1_780_000_000_000 + drafts.length * 1000,
      actor,
      commandId: `bench-${drafts.length}`,
    } as EventDraft);
  for (const officerId of officers) push({ type: 'officer:duty_changed', data: { officerId, duty: 'available' } });
  for (let i = 0; drafts.length + 7 <= n; i++) {
    const seq = drafts.length + 1;
    const commune = communes[i % communes.length] ?? '';
    const officerId = officers[i % officers.length] ?? '';
    const ref = { requestId: `r${seq}`, commune };
    const aref = { ...ref, assignmentId: `a${seq + 1}`, officerId };
    push(
      {
        type: 'request:raised',
        data: {
          ...ref,
          number: i + 1,
          kind: 'fight',
          priority: 'high',
          location: { lat: 20.2, lon: 105.7 },
          locationSource: 'post',
          note: 'đánh nhau ở chợ',
          respondersWanted: 1,
          clientSentAt: null,
        },
      },
      { role: 'post', id: `post-${commune}`, commune },
    );
    push({ type: 'assignment:created', data: { ...aref, deadlineAt: 0 } }, { role: 'dispatcher', id: 'dieu-phoi' });
    push({ type: 'assignment:accepted', data: aref }, { role: 'officer', id: officerId });
    for (const status of ['en_route', 'on_scene', 'released'] as const) {
      push({ type: 'assignment:progressed', data: { ...aref, status } }, { role: 'officer', id: officerId });
    }
    push(
      { type: 'request:resolved', data: { ...ref, outcome: 'handled', note: '' } },
      { role: 'dispatcher', id: 'dieu-phoi' },
    );
  }
  while (drafts.length < n) {
    push({
      type: 'request:note_added',
      data: { requestId: 'r19', commune: communes[0] ?? '', noteId: `n${drafts.length + 1}`, text: 'ghi chú' },
    });
  }
  return drafts;
}

async function dirSize(dir: string): Promise<number> {
  let size = 0;
  for (const name of await fs.readdir(dir)) size += (await fs.stat(path.join(dir, name))).size;
  return size;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
