// The server's own account, read from /metrics (open to loopback): the event-log append histogram
// (journal write + fsync, or the Redis script) and its event-loop delay, so a latency the bench sees can be
// set against what storing each command cost and how long work waited for the loop. Summed (appends) or the
// worst (loop delay) over the nodes with --nodes K.

const APPEND_BUCKET = /^grd_log_append_seconds_bucket\{le="([^"]+)"\} (\d+(?:\.\d+)?)$/;

/** Cumulative bucket counts by upper bound in seconds (+Inf as Infinity). */
export type Buckets = Map<number, number>;

export function parseAppendBuckets(text: string): Buckets {
  const buckets: Buckets = new Map();
  for (const line of text.split('\n')) {
    const match = APPEND_BUCKET.exec(line.trim());
    if (!match) continue;
    const le = match[1] === '+Inf' ? Infinity : Number(match[1]);
    buckets.set(le, (buckets.get(le) ?? 0) + Number(match[2]));
  }
  return buckets;
}

/** The appends of every node, summed; empty when a node has no /metrics answer. */
export async function appendBuckets(urls: readonly string[]): Promise<Buckets> {
  const total: Buckets = new Map();
  for (const url of urls) {
    const text = await fetch(`${url}/metrics`).then(
      (res) => (res.ok ? res.text() : ''),
      () => '',
    );
    for (const [le, n] of parseAppendBuckets(text)) total.set(le, (total.get(le) ?? 0) + n);
  }
  return total;
}

export interface AppendFigures {
  n: number;
  /** The bucket bound (seconds) at or under which half, and 99 %, of the window's appends finished. */
  p50: number;
  p99: number;
}

/** The appends between two readings, as bucket bounds for p50 and p99; null when there were none. */
export function appendFigures(from: Buckets, to: Buckets): AppendFigures | null {
  const bounds = [...to.keys()].sort((a, b) => a - b);
  const inWindow = bounds.map((le) => [le, (to.get(le) ?? 0) - (from.get(le) ?? 0)] as const);
  const n = inWindow.at(-1)?.[1] ?? 0;
  if (n <= 0) return null;
  const bound = (q: number) => inWindow.find(([, count]) => count >= q * n)?.[0] ?? Infinity;
  return { n, p50: bound(0.5), p99: bound(0.99) };
}

const LOOP_DELAY = /^grd_event_loop_lag_seconds\{quantile="([^"]+)"\} (\S+)$/;

export interface LoopDelay {
  /** Seconds: the event-loop delay's 99th percentile and maximum since the previous reading. */
  p99: number;
  max: number;
}

export function parseLoopDelay(text: string): LoopDelay | null {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = LOOP_DELAY.exec(line.trim());
    if (match) found.set(match[1] ?? '', Number(match[2]));
  }
  const p99 = found.get('0.99');
  const max = found.get('max');
  return p99 === undefined || max === undefined ? null : { p99, max };
}

/**
 * Each reading covers the time since the one before (the server resets its histogram when scraped): read
 * once as the load starts and once as it ends. The worst node's figures; null when none answered.
 */
export async function loopDelay(urls: readonly string[]): Promise<LoopDelay | null> {
  const readings = await Promise.all(
    urls.map((url) =>
      fetch(`${url}/metrics`).then(
        async (res) => (res.ok ? parseLoopDelay(await res.text()) : null),
        () => null,
      ),
    ),
  );
  const answered = readings.filter((r): r is LoopDelay => r !== null);
  if (answered.length === 0) return null;
  return { p99: Math.max(...answered.map((r) => r.p99)), max: Math.max(...answered.map((r) => r.max)) };
}
