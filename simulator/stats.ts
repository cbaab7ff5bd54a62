// Counters a load run reports: commands and their acks (with latency), position reports, connection trouble.
export interface SimStats {
  commandsSent: number;
  commandsOk: number;
  /** Refusals by error code (a refusal is an answer, not a failure of the server). */
  refusals: Record<string, number>;
  /**
   * Sent straight (the stand-in dispatcher, as the console sends) and unanswered: no ack within the
   * timeout, or the socket was down. Posts and officers send through the outbox, which keeps a command
   * until it is answered, so theirs are never lost: the unanswered ones are `queuedAtStop`.
   */
  commandsLost: number;
  /** Commands still in a post's or officer's outbox when the run stopped (sent, never answered). */
  queuedAtStop: number;
  positionsSent: number;
  positionsOk: number;
  connectErrors: number;
  disconnects: number;
  /** Ack latencies of commands, ms (bounded sample); through an outbox, from queueing to the answer. */
  ackLatencies: number[];
}

export function emptyStats(): SimStats {
  return {
    commandsSent: 0,
    commandsOk: 0,
    refusals: {},
    commandsLost: 0,
    queuedAtStop: 0,
    positionsSent: 0,
    positionsOk: 0,
    connectErrors: 0,
    disconnects: 0,
    ackLatencies: [],
  };
}

const LATENCY_SAMPLE = 10_000;

export function recordLatency(stats: SimStats, ms: number): void {
  if (stats.ackLatencies.length >= LATENCY_SAMPLE) stats.ackLatencies.splice(0, LATENCY_SAMPLE / 2);
  stats.ackLatencies.push(ms);
}

export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? null;
}

export function summarize(stats: SimStats): string {
  const p50 = percentile(stats.ackLatencies, 50);
  const p95 = percentile(stats.ackLatencies, 95);
  const refusals = Object.entries(stats.refusals)
    .map(([code, n]) => `${code}=${n}`)
    .join(' ');
  return [
    `commands ${stats.commandsSent} sent, ${stats.commandsOk} ok, ${stats.commandsLost} lost (sent straight), ${stats.queuedAtStop} still queued at stop`,
    `refused: ${refusals || 'none'}`,
    `positions ${stats.positionsSent} sent, ${stats.positionsOk} acked`,
    `ack latency p50 ${p50 === null ? '-' : p50.toFixed(1)} ms, p95 ${p95 === null ? '-' : p95.toFixed(1)} ms (outbox commands: from queueing, so time waiting offline or behind others counts)`,
    `connect errors ${stats.connectErrors}, disconnects ${stats.disconnects}`,
  ].join('\n');
}
