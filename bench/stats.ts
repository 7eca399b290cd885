/** Latency percentiles (ms) of a list of timings. */
export function percentiles(timings: number[]): { p50: number; p99: number } {
  const sorted = [...timings].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}

/** Runs `work` once per input after a warm-up, and returns each run's duration in ms. */
export async function timeEach<T>(inputs: T[], work: (input: T) => Promise<unknown>, warmUp = 20): Promise<number[]> {
  for (const input of inputs.slice(0, warmUp)) await work(input);
  const timings: number[] = [];
  for (const input of inputs) {
    const start = performance.now();
    await work(input);
    timings.push(performance.now() - start);
  }
  return timings;
}
