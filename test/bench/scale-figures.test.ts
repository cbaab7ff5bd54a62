// bench:scale's arithmetic: a raise's latency is its slowest console, a console that missed an applied raise
// counts as lost (even when the ack came too late), a repeat as doubled, and fix latencies merge by histogram;
// with --nodes the table names the node count and shows the Redis server's CPU.
import { describe, expect, it } from 'vitest';
import { cpuPercentOf, figuresOf, table, type Usage } from '../../bench/scale/stats';
import type { ConsoleReport, DriverReport } from '../../bench/scale/messages';

const usage = (cpuMs: number, rssBytes: number, at: number): Usage => ({ cpuMs, rssBytes, at });
const consoleReport = (deliveries: [string, number][], fixLatency: Record<number, number> = {}): ConsoleReport => ({
  deliveries,
  duplicates: 0,
  batches: 20,
  fixes: 40,
  fixLatency,
});
const report = (consoles: ConsoleReport[], raises: DriverReport['posts'][number]['raises'] = []): DriverReport => ({
  consoles,
  posts: raises.length ? [{ raises }] : [],
  fixesSent: 0,
  fixesAcked: 0,
  fixesRefused: {},
  windowMs: 10_000,
});

describe('bench:scale figures', () => {
  const reports = [
    report(
      [
        consoleReport(
          [
            ['p:1', 5],
            ['p:2', 7],
            ['p:3', 1],
          ],
          { 100: 3, 400: 1 },
        ),
        { ...consoleReport([['p:1', 9]], { 200: 4 }), duplicates: 1 },
      ],
      [
        { key: 'p:1', ackMs: 3, refused: null },
        { key: 'p:2', ackMs: 4, refused: null },
        // No ack in time, but a console got it: it was applied, so the other console missed it.
        { key: 'p:3', ackMs: null, refused: null },
        // Refused and never delivered: not lost.
        { key: 'p:4', ackMs: 2, refused: 'rate_limited' },
      ],
    ),
  ];
  const figures = figuresOf(
    reports,
    {
      idle: usage(0, 100 * 1024, 0),
      connected: usage(0, 300 * 1024, 1000),
      from: usage(1000, 0, 1000),
      to: usage(1500, 400 * 1024, 2000),
    },
    2,
  );

  it('takes the slowest console per raise and counts only raises every console got', () => {
    expect(figures.raiseToEvery).toEqual({ n: 1, p50: 9, p99: 9, max: 9 });
  });

  it('counts misses of applied raises as lost and repeats as doubled', () => {
    expect(figures.lost).toBe(2);
    expect(figures.doubled).toBe(1);
    expect(figures.raises).toEqual({ sent: 4, acked: 2, refused: { rate_limited: 1 }, unanswered: 1 });
  });

  it('merges fix latency histograms and derives rates, RSS per socket and CPU', () => {
    expect(figures.fixToConsole).toEqual({ n: 8, p50: 200, p99: 400, max: 400 });
    expect(figures.batchesPerConsoleS).toBe(2);
    expect(figures.rssPerSocketBytes).toBe(100 * 1024);
    expect(figures.cpuPercent).toBe(50);
  });

  it('names the nodes in the header and adds a Redis CPU row only with several nodes', () => {
    const lines = (text: string) => text.split('\n').map((l) => l.trimEnd());
    const one = lines(table(figures, null));
    expect(one[0]).toMatch(/^\s+this server\s+bare relay\s+server\/relay$/);
    expect(one.some((l) => l.startsWith('Redis CPU'))).toBe(false);

    const three = lines(table({ ...figures, nodes: 3, redisCpuPercent: 12.4 }, figures));
    expect(three[0]).toMatch(/^\s+this server \(3 nodes\)\s+bare relay\s+server\/relay$/);
    const cpu = three.findIndex((l) => l.startsWith('CPU (% of one core)'));
    // Right after the nodes' own CPU, with no server/relay ratio (the relay has no Redis).
    expect(three[cpu + 1]).toMatch(/^Redis CPU\s+12 %\s+–$/);
    expect(three).toHaveLength(one.length + 1);
    // The storm row says how K nodes are stopped and started; one process keeps its own label.
    expect(one.some((l) => l.startsWith('storm: stop / start of the process'))).toBe(true);
    expect(three.some((l) => l.startsWith('storm: stop all / start (first alone, then the rest)'))).toBe(true);
    expect(three.some((l) => l.startsWith('storm: stop / start of the process'))).toBe(false);
  });

  it('takes CPU percent over the wall time between two samples', () => {
    expect(cpuPercentOf({ cpuMs: 2000, at: 10_000 }, { cpuMs: 2600, at: 12_000 })).toBe(30);
  });
});
