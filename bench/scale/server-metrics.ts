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

/** One reading of every node's /metrics: the appends summed, the loop delay of the worst node. */
export interface Reading {
  appends: Buckets;
  /** Since the previous reading (a scrape resets the server's delay histogram); null when none answered. */
  loopDelay: LoopDelay | null;
}

/** Read once as the load starts and once as it ends: the second covers the load window. */
export async function readServers(urls: readonly string[]): Promise<Reading> {
  const texts = await Promise.all(
    urls.map((url) =>
      fetch(`${url}/metrics`).then(
        (res) => (res.ok ? res.text() : ''),
        () => '',
      ),
    ),
  );
  const appends: Buckets = new Map();
  for (const text of texts) {
    for (const [le, n] of parseAppendBuckets(text)) appends.set(le, (appends.get(le) ?? 0) + n);
  }
  const delays = texts.map(parseLoopDelay).filter((d): d is LoopDelay => d !== null);
  const loopDelay =
    delays.length === 0
      ? null
      : { p99: Math.max(...delays.map((d) => d.p99)), max: Math.max(...delays.map((d) => d.max)) };
  return { appends, loopDelay };
}
