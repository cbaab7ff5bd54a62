import { describe, expect, it } from 'vitest';
import type { HistorySummary, ResponseSteps } from '../../shared/history';
import { buildReport, intervalStats, percentile, rowOf } from '../../shared/response-times';

const T0 = Date.UTC(2026, 10, 26, 1, 0, 0);
const MIN = 60_000;

/** A summary raised at T0 + `raisedMin`, each step given in minutes after the raise. */
function fixture(
  id: string,
  steps: Partial<Record<Exclude<keyof ResponseSteps, 'raised'>, number>>,
  extra: Partial<HistorySummary> = {},
  raisedMin = 0,
): HistorySummary {
  const raised = T0 + raisedMin * MIN;
  const at = (m: number | undefined) => (m === undefined ? null : raised + m * MIN);
  const resolved = at(steps.resolved);
  return {
    id,
    number: Number(id.slice(1)),
    commune: 'phu-long',
    kind: 'theft',
    priority: 'high',
    status: resolved === null ? 'dispatched' : 'resolved',
    outcome: resolved === null ? null : 'handled',
    closedAt: resolved,
    officerIds: [],
    text: '',
    steps: {
      raised,
      seen: at(steps.seen),
      assigned: at(steps.assigned),
      accepted: at(steps.accepted),
      enRoute: at(steps.enRoute),
      onScene: at(steps.onScene),
      resolved,
    },
    ...extra,
  };
}

const full = (id: string, onScene: number, raisedMin = 0) =>
  fixture(id, { seen: 0.1, assigned: 0.5, accepted: 1, enRoute: 1.5, onScene, resolved: onScene + 20 }, {}, raisedMin);

describe('percentiles (nearest rank)', () => {
  it('takes the value at rank ceil(p × n)', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(ten, 0.5)).toBe(5);
    expect(percentile(ten, 0.9)).toBe(9);
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([1, 2, 3], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10);
    expect(percentile([], 0.5)).toBeNull();
  });

  it('gives the median, the 90th percentile, the share within 1/2/5/10/15 min and a per-minute histogram', () => {
    const stats = intervalStats([30_000, 90_000, 4 * MIN, 4.5 * MIN, 12 * MIN, 40 * MIN].reverse());
    expect(stats.count).toBe(6);
    expect(stats.medianMs).toBe(4 * MIN);
    expect(stats.p90Ms).toBe(40 * MIN);
    expect(stats.within).toEqual([1 / 6, 2 / 6, 4 / 6, 4 / 6, 5 / 6]);
    expect(stats.histogram[0]).toBe(1);
    expect(stats.histogram[1]).toBe(1);
    expect(stats.histogram[4]).toBe(2);
    expect(stats.histogram[12]).toBe(1);
    expect(stats.histogram[30]).toBe(1); // 40 min lands in the "30 and over" bucket
    expect(stats.histogram.reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('counts a step exactly at a fractile boundary as within it', () => {
    expect(intervalStats([MIN, 2 * MIN]).within.slice(0, 2)).toEqual([0.5, 1]);
  });
});

describe('response intervals per request', () => {
  it('measures every step from the raise', () => {
    const row = rowOf(full('r1', 6));
    expect(row.intervals).toEqual({
      seen: 0.1 * MIN,
      assigned: 0.5 * MIN,
      accepted: MIN,
      enRoute: 1.5 * MIN,
      onScene: 6 * MIN,
      resolved: 26 * MIN,
    });
    expect(row.missing).toEqual([]);
    expect(row.excluded).toBe(false);
  });

  it('lists a skipped step as missing when a later one happened (en route never reported)', () => {
    const row = rowOf(fixture('r2', { seen: 0.2, assigned: 1, accepted: 2, onScene: 9, resolved: 30 }));
    expect(row.missing).toEqual(['enRoute']);
    expect(row.intervals.enRoute).toBeNull();
    expect(row.intervals.onScene).toBe(9 * MIN);
  });

  it('lists a "handled" resolution without anyone on scene as missing the officer steps', () => {
    const row = rowOf(fixture('r3', { seen: 0.2, resolved: 10 }));
    expect(row.missing).toEqual(['assigned', 'accepted', 'enRoute', 'onScene']);
  });

  it('does not call steps missing on a false alarm closed before anyone was sent', () => {
    const s = fixture('r4', { seen: 0.2, resolved: 3 }, { outcome: 'false_alarm' });
    expect(rowOf(s).missing).toEqual([]);
    expect(rowOf(s).outcome).toBe('false_alarm');
  });

  it('excludes a cancelled request from every interval but counts it', () => {
    const s = fixture('r5', { seen: 0.2, assigned: 1 }, { status: 'cancelled', closedAt: T0 + 5 * MIN });
    const row = rowOf(s);
    expect(row.excluded).toBe(true);
    expect(Object.values(row.intervals).every((v) => v === null)).toBe(true);
    expect(row.outcome).toBe('cancelled');
  });

  it('has no interval, and nothing missing, for steps an open request has not reached yet', () => {
    const row = rowOf(fixture('r6', { seen: 0.5, assigned: 1 }));
    expect(row.outcome).toBe('open');
    expect(row.missing).toEqual([]);
    expect(row.intervals.accepted).toBeNull();
  });
});

describe('the report over a period', () => {
  const summaries = [
    full('r1', 4),
    full('r2', 6),
    { ...full('r3', 12), commune: 'ky-phu', priority: 'critical' as const },
    fixture('r4', { seen: 0.2, assigned: 1, accepted: 2, onScene: 9, resolved: 30 }),
    fixture('r5', { seen: 0.2 }, { status: 'cancelled', closedAt: T0 + MIN }),
    full('r6', 3, 24 * 60), // the next day: outside the period
  ];
  const report = buildReport(summaries, { from: T0 - MIN, to: T0 + 24 * 60 * MIN - MIN }, ['phu-long', 'ky-phu']);

  it('takes only requests raised in the period', () => {
    expect(report.rows.map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it('gives median and 90th percentile per step, without cancelled requests', () => {
    expect(report.overall.intervals.onScene).toMatchObject({ count: 4, medianMs: 6 * MIN, p90Ms: 12 * MIN });
    expect(report.overall.intervals.enRoute.count).toBe(3); // r4 never reported en route
    expect(report.overall.intervals.seen.count).toBe(4); // r5 cancelled
  });

  it('splits by commune, kind and priority', () => {
    expect(report.byCommune.map((g) => [g.key, g.requests])).toEqual([
      ['phu-long', 4],
      ['ky-phu', 1],
    ]);
    expect(report.byCommune[1]?.intervals.onScene.medianMs).toBe(12 * MIN);
    expect(report.byPriority.map((g) => g.key)).toEqual(['critical', 'high']);
    expect(report.byKind.map((g) => g.key)).toEqual(['theft']);
  });

  it('counts by outcome and lists incomplete and excluded requests apart', () => {
    expect(report.overall.outcomes).toMatchObject({ handled: 4, cancelled: 1, open: 0, false_alarm: 0 });
    expect(report.incomplete.map((r) => [r.id, r.missing])).toEqual([['r4', ['enRoute']]]);
    expect(report.excluded.map((r) => r.id)).toEqual(['r5']);
  });
});
