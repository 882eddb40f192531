// sample: section "Full jitter" — the experiment; run it with node
import { backoffCeiling, type BackoffPolicy } from './backoff.ts';

// 1,000 jobs fail at the same instant: their dependency blipped. It can take 100 calls in any 100 ms
// window; a call beyond that fails, and its job retries after a delay. At most 8 attempts a job.
const jobs = 1_000;
const windowMs = 100;
const callsPerWindow = 100;
const maxAttempts = 8;
const policy: BackoffPolicy = { baseMs: 100, capMs: 10_000 };

/** A seeded generator (mulberry32), so every run prints the same numbers. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Delay = (failures: number, random: () => number) => number;
const strategies: Record<string, Delay> = {
  'no backoff': () => 0,
  'exponential, no jitter': (n) => backoffCeiling(n, policy),
  'equal jitter': (n, random) => (backoffCeiling(n, policy) / 2) * (1 + random()),
  'full jitter': (n, random) => random() * backoffCeiling(n, policy),
};

function simulate(delay: Delay) {
  const random = seeded(42);
  const callsInWindow = new Map<number, number>();
  // Every job's next call, as [time in ms, attempt number]; all start at 0.
  let pending: [number, number][] = Array.from({ length: jobs }, () => [0, 1]);
  let calls = 0, succeeded = 0, gaveUp = 0, lastSuccessMs = 0;
  while (pending.length > 0) {
    pending.sort((a, b) => a[0] - b[0]);
    const [at, attempt] = pending.shift()!;
    calls++;
    const window = Math.floor(at / windowMs);
    const used = callsInWindow.get(window) ?? 0;
    callsInWindow.set(window, used + 1);
    if (used < callsPerWindow) {
      succeeded++;
      lastSuccessMs = Math.max(lastSuccessMs, at);
    } else if (attempt === maxAttempts) gaveUp++;
    else pending.push([at + delay(attempt, random), attempt + 1]);
  }
  return { calls, succeeded, gaveUp, lastSuccessMs: Math.round(lastSuccessMs) };
}

console.log('strategy                  calls  succeeded  gave up  last success');
for (const [name, delay] of Object.entries(strategies)) {
  const r = simulate(delay);
  const columns = [[r.calls, 7], [r.succeeded, 11], [r.gaveUp, 9], [r.lastSuccessMs, 11]] as const;
  const cells = columns.map(([value, width]) => String(value).padStart(width));
  console.log(`${name.padEnd(24)}${cells.join('')} ms`);
}
