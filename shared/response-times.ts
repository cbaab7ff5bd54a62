// The response-time report: for the requests raised in a period, how long each step took from the
// moment the request was raised (first seen by a dispatcher, first assigned, accepted, en route, on
// scene, resolved), as median and 90th percentile (nearest rank, the dispatch convention), the share
// within 1, 2, 5, 10 and 15 minutes, a per-minute histogram, and counts by outcome. Pure: the server
// serves it as JSON and CSV, the console draws it, the tests check it on fixtures.
//
// Rules, so nobody has to guess what a figure means:
// - A cancelled request is counted by outcome but excluded from every interval (listed in `excluded`).
// - A step that never happened is not an interval of zero: that request simply has no such interval.
// - A step is *missing* when a later step of the response happened without it, or when a request
//   resolved as "handled" never had an officer on scene. Such requests are listed in `incomplete`
//   with the missing steps; the intervals they do have still count.
import { OUTCOMES, PRIORITIES, REQUEST_KINDS, type Priority, type RequestKind, type RequestStatus } from './domain';
import { outcomeOf, type HistorySummary, type ResponseSteps } from './history';

export const INTERVALS = ['seen', 'assigned', 'accepted', 'enRoute', 'onScene', 'resolved'] as const;
export type IntervalName = (typeof INTERVALS)[number];
/** The officer-side chain in which a gap is a missing step (resolution is judged by its outcome). */
const CHAIN = ['seen', 'assigned', 'accepted', 'enRoute', 'onScene'] as const satisfies readonly IntervalName[];

export const FRACTILE_MINUTES = [1, 2, 5, 10, 15] as const;
/** Histogram buckets of one minute; the last one holds everything from this many minutes on. */
export const HISTOGRAM_MINUTES = 30;

export const OUTCOME_KEYS = [...OUTCOMES, 'cancelled', 'open'] as const;
export type OutcomeKey = (typeof OUTCOME_KEYS)[number];

export interface IntervalStats {
  /** Requests that have this interval. */
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
  /** Fraction (0–1) of `count` within each of FRACTILE_MINUTES, same order. */
  within: number[];
  /** Requests per minute bucket [0,1), [1,2), … the last is HISTOGRAM_MINUTES and over. */
  histogram: number[];
}

export interface GroupReport {
  /** The commune, kind or priority; 'all' for the whole period. */
  key: string;
  requests: number;
  intervals: Record<IntervalName, IntervalStats>;
  outcomes: Record<OutcomeKey, number>;
}

export interface ReportRow {
  id: string;
  number: number;
  commune: string;
  kind: RequestKind;
  priority: Priority;
  status: RequestStatus;
  outcome: OutcomeKey;
  steps: ResponseSteps;
  /** Resolved or cancelled, server time; null while open. */
  closedAt: number | null;
  /** ms from raised to each step; null when the step did not happen or the request is excluded. */
  intervals: Record<IntervalName, number | null>;
  missing: IntervalName[];
  excluded: boolean;
}

export interface ResponseReport {
  from: number;
  to: number;
  overall: GroupReport;
  byCommune: GroupReport[];
  byKind: GroupReport[];
  byPriority: GroupReport[];
  /** Every request of the period, oldest first: what the CSV holds. */
  rows: ReportRow[];
  incomplete: ReportRow[];
  excluded: ReportRow[];
}

/** Nearest-rank percentile of ascending `sorted` (p in (0, 1]); null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

export function intervalStats(values: readonly number[]): IntervalStats {
  const sorted = [...values].sort((a, b) => a - b);
  const histogram = new Array<number>(HISTOGRAM_MINUTES + 1).fill(0);
  for (const v of sorted) {
    const bucket = Math.min(HISTOGRAM_MINUTES, Math.floor(v / 60_000));
    histogram[bucket] = (histogram[bucket] ?? 0) + 1;
  }
  return {
    count: sorted.length,
    medianMs: percentile(sorted, 0.5),
    p90Ms: percentile(sorted, 0.9),
    within: FRACTILE_MINUTES.map((m) =>
      sorted.length === 0 ? 0 : sorted.filter((v) => v <= m * 60_000).length / sorted.length,
    ),
    histogram,
  };
}

/** One request's row: its intervals from raised, missing steps, and whether it is excluded. */
export function rowOf(s: HistorySummary): ReportRow {
  const outcome = outcomeOf(s);
  const excluded = s.status === 'cancelled';
  const intervals = {} as Record<IntervalName, number | null>;
  for (const name of INTERVALS) {
    const at = s.steps[name];
    intervals[name] = !excluded && at !== null && at >= s.steps.raised ? at - s.steps.raised : null;
  }
  let last = -1;
  CHAIN.forEach((name, i) => {
    if (s.steps[name] !== null) last = i;
  });
  if (s.status === 'resolved' && outcome === 'handled') last = CHAIN.length - 1;
  const missing = excluded ? [] : CHAIN.slice(0, last + 1).filter((name) => s.steps[name] === null);
  return {
    id: s.id,
    number: s.number,
    commune: s.commune,
    kind: s.kind,
    priority: s.priority,
    status: s.status,
    outcome,
    steps: s.steps,
    closedAt: s.closedAt,
    intervals,
    missing,
    excluded,
  };
}

export function groupReport(key: string, rows: readonly ReportRow[]): GroupReport {
  const intervals = {} as Record<IntervalName, IntervalStats>;
  for (const name of INTERVALS) {
    intervals[name] = intervalStats(rows.flatMap((r) => (r.intervals[name] === null ? [] : [r.intervals[name]])));
  }
  const outcomes = Object.fromEntries(OUTCOME_KEYS.map((k) => [k, 0])) as Record<OutcomeKey, number>;
  for (const r of rows) outcomes[r.outcome] += 1;
  return { key, requests: rows.length, intervals, outcomes };
}

function groupsBy<K extends string>(rows: readonly ReportRow[], keys: readonly K[], of: (r: ReportRow) => K) {
  return keys
    .map((k) =>
      groupReport(
        k,
        rows.filter((r) => of(r) === k),
      ),
    )
    .filter((g) => g.requests > 0);
}

/** The report over `summaries` raised in [from, to); `communes` orders the per-commune groups. */
export function buildReport(
  summaries: readonly HistorySummary[],
  period: { from: number; to: number },
  communes: readonly string[],
): ResponseReport {
  const rows = summaries
    .filter((s) => s.steps.raised >= period.from && s.steps.raised < period.to)
    .sort((a, b) => a.steps.raised - b.steps.raised || a.number - b.number)
    .map(rowOf);
  const extraCommunes = [...new Set(rows.map((r) => r.commune))].filter((c) => !communes.includes(c));
  return {
    from: period.from,
    to: period.to,
    overall: groupReport('all', rows),
    byCommune: groupsBy(rows, [...communes, ...extraCommunes], (r) => r.commune),
    byKind: groupsBy(rows, REQUEST_KINDS, (r) => r.kind),
    byPriority: groupsBy(rows, PRIORITIES, (r) => r.priority),
    rows,
    incomplete: rows.filter((r) => r.missing.length > 0),
    excluded: rows.filter((r) => r.excluded),
  };
}
