// The figures of one target from its drivers' reports and the process samples, and the side-by-side table.
import type { AppendFigures, LoopDelay } from './server-metrics';
import { percentile } from '../bench-stats';
import type { DriverReport } from './messages';

export interface Usage {
  /** CPU time used so far (user + system), ms. */
  cpuMs: number;
  rssBytes: number;
  at: number;
}

export interface StormFigures {
  sockets: number;
  /** SIGTERM → the old process gone. */
  stopMs: number;
  /** Start of the new process → it answers /healthz. */
  startMs: number;
  /** SIGTERM → every socket connected and resynced again (null: not all within the timeout). */
  allBackMs: number | null;
  back: number;
}

export interface Figures {
  sockets: number;
  raises: { sent: number; acked: number; refused: Record<string, number>; unanswered: number };
  /** Per raise: until the last console had it. */
  raiseToEvery: Spread;
  ack: Spread;
  fixToConsole: Spread;
  lost: number;
  doubled: number;
  batchesPerConsoleS: number;
  fixesPerConsoleS: number;
  fixes: { sent: number; acked: number; refused: Record<string, number> };
  rssBytes: number;
  rssPerSocketBytes: number;
  /** Summed over the server's nodes with --nodes K (K ≥ 2), as are RSS and RSS per socket. */
  cpuPercent: number;
  /** With --nodes K (K ≥ 2): how many server nodes, and the Redis server's own CPU over the load window. */
  nodes?: number;
  redisCpuPercent?: number;
  /** The server's own event-log appends in the load window (its /metrics histogram), this server only. */
  logAppend?: AppendFigures | null;
  /** The server's event-loop delay over the load window (its /metrics), the worst node's. */
  loopDelay?: LoopDelay | null;
  storm?: StormFigures;
}

export interface Spread {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

function spread(samples: number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN };
}

/** Percentiles of a whole-millisecond histogram. */
function histogramSpread(histogram: Map<number, number>): Spread {
  const keys = [...histogram.keys()].sort((a, b) => a - b);
  const n = keys.reduce((sum, k) => sum + (histogram.get(k) ?? 0), 0);
  const at = (p: number) => {
    const rank = Math.min(n - 1, Math.floor((p / 100) * n));
    let seen = 0;
    for (const k of keys) {
      seen += histogram.get(k) ?? 0;
      if (seen > rank) return k;
    }
    return NaN;
  };
  return { n, p50: at(50), p99: at(99), max: keys.at(-1) ?? NaN };
}

/** CPU time used between two samples, as a percentage of one core over the wall time between them. */
export function cpuPercentOf(from: Pick<Usage, 'cpuMs' | 'at'>, to: Pick<Usage, 'cpuMs' | 'at'>): number {
  return ((to.cpuMs - from.cpuMs) / (to.at - from.at)) * 100;
}

export function figuresOf(
  reports: DriverReport[],
  /** idle: the target before any socket; connected: every socket live, before the load; from/to: the load window. */
  usage: { idle: Usage; connected: Usage; from: Usage; to: Usage },
  sockets: number,
): Figures {
  const consoles = reports.flatMap((r) => r.consoles);
  const raises = reports.flatMap((r) => r.posts.flatMap((p) => p.raises));
  const acked = raises.filter((r) => r.ackMs !== null && r.refused === null);
  const refused: Record<string, number> = {};
  for (const r of raises) if (r.refused) refused[r.refused] = (refused[r.refused] ?? 0) + 1;

  // Every console should get every acked raise exactly once; the slowest console is the raise's latency.
  const byKey = new Map<string, number[]>();
  for (const c of consoles) {
    for (const [key, ms] of c.deliveries) {
      const list = byKey.get(key);
      if (list) list.push(ms);
      else byKey.set(key, [ms]);
    }
  }
  let lost = 0;
  const toEvery: number[] = [];
  // A raise whose ack came late or not at all but that some console got was applied: it counts too.
  for (const r of raises.filter((r) => r.refused === null && (r.ackMs !== null || byKey.has(r.key)))) {
    const got = byKey.get(r.key) ?? [];
    lost += Math.max(0, consoles.length - got.length);
    if (got.length === consoles.length && got.length > 0) toEvery.push(Math.max(...got));
  }

  const fixHistogram = new Map<number, number>();
  for (const c of consoles) {
    for (const [ms, count] of Object.entries(c.fixLatency)) {
      fixHistogram.set(Number(ms), (fixHistogram.get(Number(ms)) ?? 0) + count);
    }
  }
  const windowS = Math.max(...reports.map((r) => r.windowMs), 1) / 1000;
  const perConsoleS = (n: number) => (consoles.length ? n / consoles.length / windowS : NaN);
  const fixesRefused: Record<string, number> = {};
  for (const r of reports) {
    for (const [code, n] of Object.entries(r.fixesRefused)) fixesRefused[code] = (fixesRefused[code] ?? 0) + n;
  }
  const cpuPercent = cpuPercentOf(usage.from, usage.to);
  return {
    sockets,
    raises: {
      sent: raises.length,
      acked: acked.length,
      refused,
      unanswered: raises.filter((r) => r.ackMs === null).length,
    },
    raiseToEvery: spread(toEvery),
    ack: spread(acked.map((r) => r.ackMs ?? NaN)),
    fixToConsole: histogramSpread(fixHistogram),
    lost,
    doubled: consoles.reduce((n, c) => n + c.duplicates, 0),
    batchesPerConsoleS: perConsoleS(consoles.reduce((n, c) => n + c.batches, 0)),
    fixesPerConsoleS: perConsoleS(consoles.reduce((n, c) => n + c.fixes, 0)),
    fixes: {
      sent: reports.reduce((n, r) => n + r.fixesSent, 0),
      acked: reports.reduce((n, r) => n + r.fixesAcked, 0),
      refused: fixesRefused,
    },
    rssBytes: usage.to.rssBytes,
    rssPerSocketBytes: (usage.connected.rssBytes - usage.idle.rssBytes) / Math.max(1, sockets),
    cpuPercent,
  };
}

const ms = (v: number) => (Number.isNaN(v) ? '–' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`);
const spreadText = (s: Spread, max = true) =>
  s.n === 0 ? 'none' : `${ms(s.p50)} / ${ms(s.p99)}${max ? ` / ${ms(s.max)}` : ''}`;
const codes = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([c, n]) => `${n} ${c}`)
    .join(', ') || '0';
const appendText = (a: AppendFigures | null | undefined) =>
  !a ? '–' : `≤ ${ms(a.p50 * 1000)} / ≤ ${ms(a.p99 * 1000)} (${a.n} appends)`;
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a / b) ? `${(a / b).toFixed(1)}×` : '–');

/** A row's label, its text for one side, and the number the server/relay ratio is taken of (null: no ratio). */
type Row = [string, (f: Figures) => string, ((f: Figures) => number) | null];

/** One row per figure: server, relay, and server/relay where both have a number. */
export function table(server: Figures | null, relay: Figures | null): string {
  // Only with several nodes: Redis then competes with them for the same cores.
  const redisRows: Row[] =
    server?.redisCpuPercent === undefined ? [] : [['Redis CPU', (f) => percentText(f.redisCpuPercent), null]];
  const nodes = server?.nodes ?? 1;
  // With K nodes the storm stops all of them at once, then starts the first alone (it creates the token secret).
  const stormSteps =
    nodes > 1 ? 'storm: stop all / start (first alone, then the rest)' : 'storm: stop / start of the process';
  const appendRows: Row[] =
    server?.logAppend === undefined
      ? []
      : [
          ['its log appends p50 / p99 (/metrics)', (f) => appendText(f.logAppend), null],
          [
            'its event-loop delay p99 / max (/metrics)',
            (f) => (f.loopDelay ? `${ms(f.loopDelay.p99 * 1000)} / ${ms(f.loopDelay.max * 1000)}` : '–'),
            null,
          ],
        ];
  const rows: Row[] = [
    ['sockets', (f) => String(f.sockets), null],
    ['raise → every console p50 / p99 / max', (f) => spreadText(f.raiseToEvery), (f) => f.raiseToEvery.p99],
    ['raise ack p50 / p99', (f) => spreadText(f.ack, false), (f) => f.ack.p99],
    ...appendRows,
    ['fix → console p50 / p99 / max', (f) => spreadText(f.fixToConsole), (f) => f.fixToConsole.p99],
    ['position messages / console / s', (f) => f.batchesPerConsoleS.toFixed(2), (f) => f.batchesPerConsoleS],
    ['fixes received / console / s', (f) => f.fixesPerConsoleS.toFixed(0), (f) => f.fixesPerConsoleS],
    [
      'raises sent / acked / refused / no ack',
      (f) => `${f.raises.sent} / ${f.raises.acked} / ${codes(f.raises.refused)} / ${f.raises.unanswered}`,
      null,
    ],
    ['raises lost / doubled (× consoles)', (f) => `${f.lost} / ${f.doubled}`, null],
    ['fixes sent / acked / refused', (f) => `${f.fixes.sent} / ${f.fixes.acked} / ${codes(f.fixes.refused)}`, null],
    ['RSS at the end of the load', (f) => `${(f.rssBytes / 2 ** 20).toFixed(0)} MiB`, (f) => f.rssBytes],
    [
      'RSS per socket (connected over idle)',
      // Below a few hundred sockets the difference is within the heap's own swings.
      (f) => (f.sockets < 500 ? '– (too few)' : `${(f.rssPerSocketBytes / 1024).toFixed(1)} KiB`),
      (f) => (f.sockets < 500 ? NaN : f.rssPerSocketBytes),
    ],
    ['CPU (% of one core)', (f) => `${f.cpuPercent.toFixed(0)} %`, (f) => f.cpuPercent],
    ...redisRows,
    ['storm: all back after SIGTERM', (f) => stormText(f.storm), (f) => f.storm?.allBackMs ?? NaN],
    [stormSteps, (f) => (f.storm ? `${ms(f.storm.stopMs)} / ${ms(f.storm.startMs)}` : '–'), null],
  ];
  const cells = rows.map(([label, text, value]) => [
    label,
    server ? text(server) : '–',
    relay ? text(relay) : '–',
    server && relay && value ? ratio(value(server), value(relay)) : '',
  ]);
  const header = ['', nodes > 1 ? `this server (${nodes} nodes)` : 'this server', 'bare relay', 'server/relay'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ');
  return [line(header), ...cells.map(line)].join('\n');
}

const percentText = (v: number | undefined) => (v === undefined ? '–' : `${v.toFixed(0)} %`);

function stormText(storm: StormFigures | undefined): string {
  if (!storm) return '–';
  if (storm.allBackMs === null) return `${storm.back} of ${storm.sockets} (timed out)`;
  return `${ms(storm.allBackMs)} (${storm.sockets})`;
}
