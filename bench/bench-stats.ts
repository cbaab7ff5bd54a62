// Percentiles and one printed line per measurement, shared by the store and cross-node benches.
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function report(label: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(2).padStart(7);
  console.log(
    `${label.padEnd(62)} n=${String(samples.length).padStart(5)}  p50 ${f(percentile(sorted, 50))} ms  ` +
      `p99 ${f(percentile(sorted, 99))} ms  max ${f(sorted.at(-1) ?? NaN)} ms`,
  );
}
