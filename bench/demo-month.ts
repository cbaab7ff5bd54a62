// A month of demo traffic, fast: a real server (journal with fsync, history files, track files, real
// sockets on loopback) on a jumping clock, driven by the cluster's six posts, three dispatchers' desk and
// 18 officers with realistic commands over 30 simulated days (a few requests per commune a day, mostly
// by day; seen, assigned, accepted or declined or left to expire, en route with fixes along the way, on
// scene, released, resolved with an outcome; some cancelled, some with steps never reported). Then it
// asks the HTTP API for that month's report, its CSV (parsed back with papaparse) and replays, and
// checks they are sensible. Prints a summary; exits 1 when a check fails. A script, not a test: a
// month takes about a minute on a quiet machine, longer than a test should.
//   npm run bench:demo-month [-- <days> <seed>]
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import type { Cluster, LatLon } from '../shared/cluster';
import type { Priority, RequestKind } from '../shared/domain';
import { distanceMeters } from '../shared/geo';
import type { HistoryPage, ReplayData } from '../shared/history';
import type { ResponseReport } from '../shared/response-times';
import type { Clock, TimerHandle } from '../server/clock';
import { createTestAuth, principals } from '../test/support/test-auth';
import { connectAs, type TestClient } from '../test/support/test-client';
import { seedCluster } from '../test/support/cluster-fixture';
import { seededRng } from '../simulator/random';
import { startBenchServer } from './bench-server';

const DAY = 86_400_000;
const MIN = 60_000;
const SEC = 1000;

/**
 * A clock that jumps from one simulated action to the next. An interval timer fires once per jump
 * when its period has passed (the server's 1 s tick catches up on everything due from `now`, so firing
 * it 600 times for a 10-minute jump would only repeat itself); one-off timers fire in due order.
 */
class JumpClock implements Clock {
  private readonly timers: { interval: number | null; due: number; fn: () => void; cancelled: boolean }[] = [];
  constructor(private current: number) {}
  now(): number {
    return this.current;
  }
  every(ms: number, fn: () => void): TimerHandle {
    return this.add({ interval: ms, due: this.current + ms, fn, cancelled: false });
  }
  after(ms: number, fn: () => void): TimerHandle {
    return this.add({ interval: null, due: this.current + ms, fn, cancelled: false });
  }
  jumpTo(at: number): void {
    if (at < this.current) return;
    this.current = at;
    const due = this.timers.filter((t) => !t.cancelled && t.due <= at).sort((a, b) => a.due - b.due);
    for (const t of due) {
      if (t.interval === null) t.cancelled = true;
      else t.due = at + t.interval;
      t.fn();
    }
    for (let i = this.timers.length - 1; i >= 0; i--) if (this.timers[i]?.cancelled) this.timers.splice(i, 1);
  }
  private add(t: JumpClock['timers'][number]): TimerHandle {
    this.timers.push(t);
    return { cancel: () => (t.cancelled = true) };
  }
}

export interface MonthSummary {
  lines: string[];
  failures: string[];
}

export async function runDemoMonth(days = 30, seed = 1): Promise<MonthSummary> {
  const rng = seededRng(seed);
  const random = (): number => rng.next();
  const between = (min: number, max: number) => min + random() * (max - min);
  const pick = <T>(items: readonly (readonly [T, number])[]): T => {
    let r = random() * items.reduce((n, [, w]) => n + w, 0);
    for (const [item, w] of items) if ((r -= w) < 0) return item;
    return (items.at(-1) as readonly [T, number])[0];
  };
  const cluster: Cluster = seedCluster;
  // The month starts at midnight in Vietnam (UTC+7), 1 November 2026.
  const start = Date.UTC(2026, 10, 1) - 7 * 3600_000;
  const clock = new JumpClock(start);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'grd-month-'));
  const { auth, tokenFor } = createTestAuth(clock);
  const { server, url } = await startBenchServer(dataDir, cluster, clock, auth);
  const ttl = (days + 5) * DAY;
  const target = { url, tokenFor: (p: Parameters<typeof tokenFor>[0]) => tokenFor(p, ttl) };
  const desk = await connectAs(target, principals.dispatcher('truc-ban'));
  const posts = new Map<string, TestClient>();
  for (const c of cluster.communes) posts.set(c.id, await connectAs(target, principals.post(c.id)));
  const officers = new Map<string, TestClient>();
  for (const o of cluster.officers) officers.set(o.id, await connectAs(target, principals.officer(o.id)));

  const failures: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) failures.push(what);
  };
  const must = async (client: TestClient, command: Parameters<TestClient['command']>[0]): Promise<string> => {
    const ack = await client.command({ ...command, sentAt: clock.now() });
    if (!ack.ok) throw new Error(`${command.type} refused: ${ack.code} ${ack.message}`);
    return ack.ref ?? '';
  };

  // The simulation: actions at simulated times, run in time order.
  const queue: { at: number; run: () => Promise<void> }[] = [];
  const at = (when: number, run: () => Promise<void>) => {
    const time = Math.round(when); // server times are whole milliseconds
    const i = queue.findIndex((q) => q.at > time);
    queue.splice(i === -1 ? queue.length : i, 0, { at: time, run });
  };
  const where = new Map<string, LatLon>();
  const busy = new Set<string>();
  const counts = { raised: 0, cancelled: 0, declined: 0, expired: 0, skippedOnScene: 0, fixes: 0 };
  /** Resolved as handled with no officer reported on scene: the report must list these as incomplete. */
  const handledWithoutScene = new Set<string>();
  const outcomes = new Map<string, number>();
  const centre = new Map(cluster.communes.map((c) => [c.id, c.center]));
  const jitter = (p: LatLon, metres: number): LatLon => ({
    lat: p.lat + ((random() - 0.5) * 2 * metres) / 111_000,
    lon: p.lon + ((random() - 0.5) * 2 * metres) / 104_000,
  });
  const fix = async (officerId: string, p: LatLon) => {
    where.set(officerId, p);
    counts.fixes++;
    const report = { lat: p.lat, lon: p.lon, accuracy: 12, at: clock.now(), speed: null, heading: null };
    const ack = await officers.get(officerId)?.socket.timeout(10_000).emitWithAck('position:report', report);
    if (ack && !ack.ok) throw new Error(`position refused: ${ack.code} ${ack.message}`);
  };

  for (const o of cluster.officers) {
    where.set(o.id, jitter(centre.get(o.commune) ?? { lat: 20.2, lon: 105.7 }, 800));
    await must(officers.get(o.id) as TestClient, { type: 'officer:set_duty', data: { duty: 'available' } });
  }
  // Officers on patrol report every 30 minutes.
  for (let t = start + 30 * MIN; t < start + days * DAY; t += 30 * MIN) {
    at(t, async () => {
      for (const [id, p] of where) if (!busy.has(id)) await fix(id, jitter(p, 150));
    });
  }

  const kinds: (readonly [RequestKind, number])[] = [
    ['fight', 25],
    ['theft', 25],
    ['traffic_accident', 20],
    ['fire', 5],
    ['disaster', 3],
    ['pursuit', 4],
    ['medical', 8],
    ['other', 10],
  ];
  const priorities: (readonly [Priority, number])[] = [
    ['critical', 15],
    ['high', 50],
    ['normal', 35],
  ];
  const notes = [
    'Đánh nhau ở chợ',
    'Mất trộm xe máy',
    'Va chạm giao thông trên tỉnh lộ',
    'Cháy rơm rạ',
    'Người say gây rối',
  ];

  /** The desk assigns a free officer, its own commune's first; the officer answers. */
  const assign = async (requestId: string, commune: string, raisedAt: number, tries: number): Promise<void> => {
    const free = cluster.officers.filter((o) => !busy.has(o.id));
    const officer = free.find((o) => o.commune === commune) ?? free[0];
    if (!officer || tries > 3) {
      // Nobody free: the desk closes it as transferred to the district police.
      await must(desk, { type: 'request:resolve', data: { requestId, outcome: 'transferred', note: 'chuyển huyện' } });
      outcomes.set('transferred', (outcomes.get('transferred') ?? 0) + 1);
      return;
    }
    busy.add(officer.id);
    const assignmentId = await must(desk, { type: 'assignment:assign', data: { requestId, officerId: officer.id } });
    const phone = officers.get(officer.id) as TestClient;
    const answer = random();
    if (answer < 0.06) {
      counts.declined++;
      at(clock.now() + between(5, 30) * SEC, async () => {
        await must(phone, { type: 'assignment:decline', data: { assignmentId, reason: 'đang bận' } });
        busy.delete(officer.id);
        at(clock.now() + between(10, 40) * SEC, () => assign(requestId, commune, raisedAt, tries + 1));
      });
      return;
    }
    if (answer < 0.1) {
      // No answer: the 60 s deadline expires it (the server's timer); the desk assigns someone else.
      counts.expired++;
      at(clock.now() + 75 * SEC, async () => {
        busy.delete(officer.id);
        await assign(requestId, commune, raisedAt, tries + 1);
      });
      return;
    }
    at(clock.now() + between(5, 45) * SEC, async () => {
      await must(phone, { type: 'assignment:accept', data: { assignmentId } });
      at(clock.now() + between(10, 90) * SEC, async () => {
        await must(phone, { type: 'assignment:advance', data: { assignmentId, status: 'en_route' } });
        const scene = server.engine.state.requests[requestId]?.location ?? centre.get(commune) ?? { lat: 0, lon: 0 };
        const from = where.get(officer.id) ?? scene;
        const km = distanceMeters(from, scene) / 1000;
        // 25–45 km/h on rural roads, at least two minutes; a fix every 30 s on the way.
        const travelMs = Math.max(2 * MIN, (km / between(25, 45)) * 3600_000);
        const steps = Math.max(1, Math.floor(travelMs / (30 * SEC)));
        const leftAt = clock.now();
        for (let s = 1; s <= steps; s++) {
          const f = s / steps;
          at(leftAt + (travelMs * s) / steps, () =>
            fix(officer.id, { lat: from.lat + (scene.lat - from.lat) * f, lon: from.lon + (scene.lon - from.lon) * f }),
          );
        }
        const skipOnScene = random() < 0.04;
        at(leftAt + travelMs + 5 * SEC, async () => {
          if (skipOnScene) counts.skippedOnScene++;
          else await must(phone, { type: 'assignment:advance', data: { assignmentId, status: 'on_scene' } });
          at(clock.now() + between(5, 40) * MIN, async () => {
            await must(phone, { type: 'assignment:advance', data: { assignmentId, status: 'released' } });
            busy.delete(officer.id);
            at(clock.now() + between(1, 10) * MIN, async () => {
              const outcome = pick([
                ['handled', 80],
                ['false_alarm', 10],
                ['transferred', 7],
                ['other', 3],
              ] as const);
              outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
              if (skipOnScene && outcome === 'handled') handledWithoutScene.add(requestId);
              await must(desk, { type: 'request:resolve', data: { requestId, outcome, note: 'đã xử lý' } });
            });
          });
        });
      });
    });
  };

  // Requests: about 4 per commune a day, mostly between 06:00 and 23:00 Vietnam time.
  for (let day = 0; day < days; day++) {
    for (const commune of cluster.communes) {
      const n = Math.round(between(1, 7));
      for (let k = 0; k < n; k++) {
        const hour = random() < 0.85 ? between(6, 23) : between(0, 6);
        const raisedAt = start + day * DAY + hour * 3600_000;
        at(raisedAt, async () => {
          const post = posts.get(commune.id) as TestClient;
          const location = random() < 0.6 ? jitter(commune.center, 2500) : undefined;
          const requestId = await must(post, {
            type: 'request:raise',
            data: {
              kind: pick(kinds),
              priority: pick(priorities),
              note: notes[Math.floor(random() * notes.length)] ?? '',
              respondersWanted: 1,
              ...(location ? { location } : {}),
            },
          });
          counts.raised++;
          if (random() < 0.05) {
            counts.cancelled++;
            at(clock.now() + between(1, 4) * MIN, async () => {
              await must(post, { type: 'request:cancel', data: { requestId, reason: 'báo nhầm' } });
            });
            return;
          }
          const seenAfter = between(3, 40) * SEC;
          at(clock.now() + seenAfter, async () => {
            await must(desk, { type: 'request:mark_seen', data: { requestId } });
            if (random() < 0.2)
              await must(desk, { type: 'request:note', data: { requestId, text: 'Đã gọi lại xác minh' } });
            at(clock.now() + between(10, 90) * SEC, () => assign(requestId, commune.id, raisedAt, 0));
          });
        });
      }
    }
  }

  const simStarted = performance.now();
  let actions = 0;
  for (let next = queue.shift(); next; next = queue.shift()) {
    clock.jumpTo(next.at);
    await server.engine.catchUp(); // what the timers appended for this moment, before the next action
    await next.run();
    actions++;
  }
  // Two more days: every request of the month leaves the 24 h live window for the history.
  for (let t = clock.now(); t < start + (days + 2) * DAY; t += 3600_000) {
    clock.jumpTo(t);
    await server.engine.catchUp();
  }
  const simS = (performance.now() - simStarted) / 1000;

  // What a leader asks for: the month's report, its CSV and a replay, over HTTP.
  const headers = { authorization: `Bearer ${target.tokenFor(principals.dispatcher('lanh-dao'))}` };
  const get = async <T>(p: string): Promise<T> => {
    const res = await fetch(`${url}${p}`, { headers });
    if (!res.ok) throw new Error(`${p}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const period = `from=${start}&to=${start + days * DAY}`;
  const { report } = await get<{ report: ResponseReport }>(`/api/reports/response-times?${period}`);
  const o = report.overall;
  expect(report.rows.length === counts.raised, `report rows ${report.rows.length} ≠ raised ${counts.raised}`);
  expect(
    report.excluded.length === counts.cancelled,
    `excluded ${report.excluded.length} ≠ cancelled ${counts.cancelled}`,
  );
  expect(o.outcomes.cancelled === counts.cancelled, 'cancelled count');
  for (const [outcome, n] of outcomes) {
    expect(
      o.outcomes[outcome as keyof typeof o.outcomes] === n,
      `outcome ${outcome}: ${o.outcomes[outcome as keyof typeof o.outcomes]} ≠ ${n}`,
    );
  }
  expect(o.outcomes.open === 0, 'no request left open');
  const median = (name: keyof typeof o.intervals) => (o.intervals[name].medianMs ?? NaN) / SEC;
  const p90 = (name: keyof typeof o.intervals) => (o.intervals[name].p90Ms ?? NaN) / SEC;
  expect(median('seen') >= 3 && median('seen') <= 40, `median seen ${median('seen')} s outside 3–40 s`);
  expect(median('assigned') > median('seen') && median('assigned') <= 150, `median assigned ${median('assigned')} s`);
  expect(median('onScene') > 120 && median('onScene') < 3600, `median on scene ${median('onScene')} s`);
  for (const name of ['seen', 'assigned', 'accepted', 'enRoute', 'onScene', 'resolved'] as const) {
    expect(p90(name) >= median(name), `p90 < median for ${name}`);
    const w = o.intervals[name].within;
    expect(
      w.every((x, i) => i === 0 || x >= (w[i - 1] ?? 0)),
      `fractiles of ${name} not rising`,
    );
    expect(o.intervals[name].histogram.reduce((a, b) => a + b, 0) === o.intervals[name].count, `histogram of ${name}`);
  }
  const incomplete = new Set(report.incomplete.map((r) => r.id));
  expect(
    [...handledWithoutScene].every((id) => incomplete.has(id)),
    'every request handled without an on-scene report is listed as incomplete',
  );
  expect(report.byCommune.length === cluster.communes.length, 'a group per commune');

  const csvRes = await fetch(`${url}/api/reports/response-times.csv?${period}`, { headers });
  const bytes = new Uint8Array(await csvRes.arrayBuffer());
  expect(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf, 'CSV starts with a UTF-8 BOM');
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  expect(parsed.errors.length === 0, `CSV parse errors: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  const [header, ...csvRows] = parsed.data;
  expect(csvRows.length === report.rows.length, `CSV rows ${csvRows.length} ≠ report rows ${report.rows.length}`);
  expect(
    csvRows.every((r, i) => r[1] === report.rows[i]?.id && Number(r[0]) === report.rows[i]?.number),
    'CSV rows follow the report rows',
  );
  expect(text.includes('Phú Long') || text.includes('Kỳ Phú'), 'CSV holds Vietnamese commune names');

  // Replay of the busiest day and of one request's response (archived: long out of the live window).
  const perDay = new Map<number, number>();
  for (const r of report.rows) {
    const d = Math.floor((r.steps.raised - start) / DAY);
    perDay.set(d, (perDay.get(d) ?? 0) + 1);
  }
  const busiest = [...perDay].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const day = await get<ReplayData>(`/api/replay?from=${start + busiest * DAY}&to=${start + (busiest + 1) * DAY}`);
  expect(day.requests.length === perDay.get(busiest), `replay day requests ${day.requests.length}`);
  expect(day.tracks.length > 0 && day.events.length > day.requests.length, 'replay day has tracks and events');
  // The month's last handled response: positions are kept for POSITION_RETENTION_DAYS (30), so the
  // first days' tracks are already pruned two days after the month, as configured.
  const handled = [...report.rows].reverse().find((r) => r.outcome === 'handled' && r.steps.onScene !== null);
  const one = await get<ReplayData>(`/api/replay?requestId=${handled?.id ?? ''}`);
  const record = one.requests.find((r) => r.request.id === handled?.id);
  // The officer who went (an earlier assignment may have been declined or left to expire).
  const officerId = record?.assignments.find((a) => a.status === 'released')?.officerId ?? '';
  const onTheWay = one.tracks.filter(
    (p) =>
      p.officerId === officerId &&
      p.receivedAt >= (handled?.steps.enRoute ?? 0) &&
      p.receivedAt <= (handled?.steps.onScene ?? 0),
  );
  const scene = record?.request.location;
  const firstGap = scene && onTheWay[0] ? distanceMeters(onTheWay[0], scene) : NaN;
  const lastGap = scene && onTheWay.at(-1) ? distanceMeters(onTheWay.at(-1) as LatLon, scene) : NaN;
  expect(
    onTheWay.length >= 2 && lastGap < firstGap && lastGap < 50,
    `replayed officer moves to the scene (${Math.round(firstGap)} m → ${Math.round(lastGap)} m)`,
  );

  const history = await get<HistoryPage>('/api/history?limit=5');
  expect(history.total === counts.raised, `history total ${history.total} ≠ ${counts.raised}`);
  const snapshotBytes = JSON.stringify(await desk.sync(0, true)).length;
  expect(snapshotBytes < 100_000, `a console's snapshot ${snapshotBytes} B ≥ 100 KB`);

  const s = (ms: number | null) => (ms === null ? '–' : `${Math.round(ms / SEC)} s`);
  const lines = [
    `${days} simulated days (seed ${seed}) in ${simS.toFixed(0)} s: ${actions.toLocaleString('en')} actions, ` +
      `${counts.raised} requests (${counts.cancelled} cancelled, ${counts.declined} declined, ${counts.expired} left to expire, ` +
      `${counts.skippedOnScene} without an on-scene report), ${counts.fixes.toLocaleString('en')} position fixes, seq ${server.engine.state.seq.toLocaleString('en')}`,
    `report: ${report.rows.length} rows, ${report.incomplete.length} incomplete, ${report.excluded.length} excluded; ` +
      `outcomes ${Object.entries(o.outcomes)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    ...(['seen', 'assigned', 'accepted', 'enRoute', 'onScene', 'resolved'] as const).map(
      (name) =>
        `  raised → ${name.padEnd(8)} n=${String(o.intervals[name].count).padStart(4)}  median ${s(o.intervals[name].medianMs).padStart(6)}  ` +
        `p90 ${s(o.intervals[name].p90Ms).padStart(6)}  within 1/2/5/10/15 min ${o.intervals[name].within.map((w) => `${Math.round(w * 100)}%`).join(' ')}`,
    ),
    `CSV: ${bytes.length.toLocaleString('en')} bytes, BOM, ${header?.length ?? 0} columns, ${csvRows.length} rows parsed back`,
    `replay: busiest day ${perDay.get(busiest)} requests, ${day.tracks.length} fixes, ${day.events.length} timeline events; ` +
      `request #${handled?.number} ${one.tracks.length} fixes, its officer ${Math.round(firstGap)} m → ${Math.round(lastGap)} m from the scene`,
  ];
  const live = Object.keys(server.engine.state.requests).length;
  for (const c of [desk, ...posts.values(), ...officers.values()]) c.close();
  await server.close(); // writes the snapshot a restart reads
  // The file also holds the applied command ids kept for dedup (at most APPLIED_COMMANDS_LIMIT), so it
  // is larger than a console's snapshot; it holds no history.
  const snapshotFile = (await fs.stat(path.join(dataDir, 'journal', 'snapshot.json'))).size;
  lines.push(
    `live requests ${live}; a console's snapshot ${(snapshotBytes / 1024).toFixed(1)} KB; ` +
      `snapshot.json ${(snapshotFile / 1024).toFixed(1)} KB`,
  );
  await fs.rm(dataDir, { recursive: true, force: true });
  return { lines, failures };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const days = Number(process.argv[2] ?? 30);
  const seed = Number(process.argv[3] ?? 1);
  const { lines, failures } = await runDemoMonth(days, seed);
  console.log(
    `bench:demo-month — ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(lines.join('\n'));
  if (failures.length > 0) console.error(`FAILED:\n  ${failures.join('\n  ')}`);
  else console.log('all checks passed: the month gives a readable report, CSV and replay');
  process.exit(failures.length > 0 ? 1 : 0);
}
