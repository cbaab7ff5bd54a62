// A long-used DATA_DIR for the history benches, written through a real engine (group commit, fsync,
// periodic snapshots that archive old segments, clock-driven archiving into the history files): whole
// request lifecycles in big batches on a fake clock that ends at `endAt`, so the 24 h live window holds
// only the last day's requests and everything older is history. Fast because each batch is one append.
import path from 'node:path';
import type { Cluster } from '../shared/cluster';
import type { DispatchState } from '../shared/domain';
import type { EventBody } from '../shared/events';
import { DEFAULT_LIVE_WINDOW_MS, dueArchives, nextRequestNumber } from '../shared/live-window';
import { FakeClock } from '../server/clock';
import { testConfig } from '../server/config';
import { Engine } from '../server/engine';
import { HistoryStore } from '../server/history/history-store';
import { JournalStore } from '../server/store/journal-store';

export const LIFECYCLE_EVENTS = 8;

/** The j-th whole response of a batch: raised, seen, assigned, accepted, en route, on scene, released, resolved. */
export function lifecycle(
  state: DispatchState,
  i: number,
  j: number,
  officers: string[],
  communes: string[],
): EventBody[] {
  const commune = communes[i % communes.length] ?? '';
  const officerId = officers[i % officers.length] ?? '';
  const base = state.seq + j * LIFECYCLE_EVENTS;
  const ref = { requestId: `r${base + 1}`, commune };
  const aref = { ...ref, assignmentId: `a${base + 3}`, officerId };
  return [
    {
      type: 'request:raised',
      data: {
        ...ref,
        number: nextRequestNumber(state) + j,
        kind: 'fight',
        priority: 'high',
        location: { lat: 20.2, lon: 105.7 },
        locationSource: 'post',
        note: i % 7 === 0 ? 'đánh nhau ở chợ' : 'xô xát trước cổng trường',
        respondersWanted: 1,
        clientSentAt: null,
      },
    },
    { type: 'request:seen', data: ref },
    { type: 'assignment:created', data: { ...aref, deadlineAt: 0 } },
    { type: 'assignment:accepted', data: aref },
    ...(['en_route', 'on_scene', 'released'] as const).map((status): EventBody => ({
      type: 'assignment:progressed',
      data: { ...aref, status },
    })),
    { type: 'request:resolved', data: { ...ref, outcome: 'handled', note: 'đã giải quyết' } },
  ];
}

export interface WrittenJournal {
  seq: number;
  requests: number;
  seconds: number;
}

/**
 * Writes about `events` events into `dataDir` (journal/ and history/): `perDay` requests a day, one
 * append a day, ending at `endAt`. Officers go on duty first. Stops at the first day past `events`.
 */
export async function writeUsedDataDir(
  dataDir: string,
  cluster: Cluster,
  events: number,
  { endAt = Date.now(), perDay = 100 }: { endAt?: number; perDay?: number } = {},
): Promise<WrittenJournal> {
  const started = performance.now();
  const officers = cluster.officers.map((o) => o.id);
  const communes = cluster.communes.map((c) => c.id);
  const days = Math.ceil(events / (perDay * (LIFECYCLE_EVENTS + 1)));
  const clock = new FakeClock(endAt - days * 86_400_000);
  const store = new JournalStore(path.join(dataDir, 'journal'));
  const history = new HistoryStore(path.join(dataDir, 'history'));
  const engine = await Engine.open({ store, clock, cluster, config: testConfig({ snapshotEvery: 1000 }), history });
  let requests = 0;
  if (events > 0) {
    await engine.runSystem(() =>
      officers.map((officerId) => ({ type: 'officer:duty_changed', data: { officerId, duty: 'available' } })),
    );
  }
  while (engine.state.seq < events) {
    clock.advance(86_400_000);
    const count = Math.min(perDay, Math.ceil((events - engine.state.seq) / (LIFECYCLE_EVENTS + 1)));
    const first = requests;
    await engine.runSystem((state, now) => {
      const bodies: EventBody[] = [];
      for (let j = 0; j < count; j++)
        for (const b of lifecycle(state, first + j, j, officers, communes)) bodies.push(b);
      for (const b of dueArchives(state, now, DEFAULT_LIVE_WINDOW_MS, Number.MAX_SAFE_INTEGER)) bodies.push(b);
      return bodies;
    });
    requests += count;
  }
  await engine.snapshot(); // what SIGTERM leaves
  await engine.close();
  await store.close();
  history.close();
  return { seq: engine.state.seq, requests, seconds: (performance.now() - started) / 1000 };
}
