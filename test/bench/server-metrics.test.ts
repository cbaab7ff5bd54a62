// bench:scale reads the server's append histogram from /metrics: buckets parsed (and summed over nodes),
// the load window's share found by subtraction, and p50/p99 given as the bucket bound they fall under.
import { expect, it } from 'vitest';
import { appendFigures, parseAppendBuckets, parseLoopDelay } from '../../bench/scale/server-metrics';

const scrape = (counts: number[]) =>
  [
    '# HELP grd_log_append_seconds One append to the event log',
    '# TYPE grd_log_append_seconds histogram',
    ...[0.001, 0.0025, 0.005, 0.01, 0.025].map((le, i) => `grd_log_append_seconds_bucket{le="${le}"} ${counts[i]}`),
    `grd_log_append_seconds_bucket{le="+Inf"} ${counts[5]}`,
    'grd_log_append_seconds_count 0',
    'grd_command_ack_seconds_bucket{le="0.001",type="request:raise"} 999',
  ].join('\n');

it('gives the bucket bounds under which half and 99 % of the window’s appends finished', () => {
  const before = parseAppendBuckets(scrape([10, 10, 10, 10, 10, 10]));
  const after = parseAppendBuckets(scrape([10, 400, 900, 990, 1008, 1010]));
  expect(appendFigures(before, after)).toEqual({ n: 1000, p50: 0.005, p99: 0.025 });
});

it('no appends in the window, or no histogram at all, gives nothing', () => {
  const same = parseAppendBuckets(scrape([1, 2, 3, 4, 5, 6]));
  expect(appendFigures(same, same)).toBeNull();
  expect(appendFigures(new Map(), parseAppendBuckets('not metrics'))).toBeNull();
});

it('reads the event-loop delay p99 and max (seconds) from a scrape', () => {
  const text = [
    'grd_event_loop_lag_seconds{quantile="0.5"} 0.011',
    'grd_event_loop_lag_seconds{quantile="0.99"} 0.034',
    'grd_event_loop_lag_seconds{quantile="max"} 0.088',
  ].join('\n');
  expect(parseLoopDelay(text)).toEqual({ p99: 0.034, max: 0.088 });
  expect(parseLoopDelay('grd_event_loop_lag_seconds{quantile="0.5"} 0.011')).toBeNull();
});
