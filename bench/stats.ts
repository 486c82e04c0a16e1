/** Percentiles and a one-line summary for a list of durations in milliseconds. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const f = (x: number) => (x < 1 ? x.toFixed(3) : x.toFixed(2));
  return `n=${s.length} p50=${f(percentile(s, 50))} ms p90=${f(percentile(s, 90))} ms p99=${f(percentile(s, 99))} ms max=${f(s.at(-1) ?? NaN)} ms`;
}

export function memoryMb(): string {
  const m = process.memoryUsage();
  return `rss=${(m.rss / 1048576).toFixed(1)} MB heapUsed=${(m.heapUsed / 1048576).toFixed(1)} MB`;
}
