// sample: section "Algorithms" — the experiment; run it with node
import { fixedWindow, gcra, slidingLog, slidingWindow, tokenBucket, type Limiter } from './algorithms.ts';

// The same policy five ways: 10 requests per 10 seconds, so a bucket of 10 refilled at 1 a second.
const algorithms: Record<string, () => Limiter> = {
  'fixed window': () => fixedWindow(10, 10_000),
  'sliding log': () => slidingLog(10, 10_000),
  'sliding window': () => slidingWindow(10, 10_000),
  'token bucket': () => tokenBucket(10, 1),
  GCRA: () => gcra(10, 1),
};

/** Milliseconds from `from` to `to` seconds, every `step` seconds. */
const times = (from: number, to: number, step: number) =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 1000));

/** The most admitted requests in any 10-second span. */
function busiestTenSeconds(admitted: number[]): number {
  return Math.max(0, ...admitted.map((start) => admitted.filter((t) => t >= start && t < start + 10_000).length));
}

const scenarios = {
  // 20 requests, 100 ms apart, straddling the fixed window's edge at 10 s.
  'edge burst': times(9, 10.9, 0.1),
  // One request every 100 ms for a minute: a client that never backs off.
  'greedy minute': times(0, 59.9, 0.1),
  // Quiet for 9.5 s, then as fast as it can.
  'wait, then flood': [...times(0, 0, 1), ...times(9.5, 19.4, 0.1)],
};

for (const [scenario, requests] of Object.entries(scenarios)) {
  console.log(`${scenario}: ${requests.length} requests`);
  for (const [name, make] of Object.entries(algorithms)) {
    const limiter = make();
    const admitted = requests.filter((t) => limiter(t));
    console.log(`  ${name.padEnd(15)} admitted ${String(admitted.length).padStart(3)}, at most ${busiestTenSeconds(admitted)} in any 10 s`);
  }
}
