// The server's own account of its durable writes, read from /metrics (open to loopback): the event-log
// append histogram (journal write + fsync, or the Redis script), so a latency the bench sees can be set
// against what storing each command cost. Summed over the nodes with --nodes K.

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
