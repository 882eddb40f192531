// sample: section "Choosing buckets" — the experiment; run it with node
import { quantileFromBuckets, toBuckets } from './quantile.ts';

/** n values spread evenly from `from` to `to` seconds. */
const spread = (n: number, from: number, to: number) => Array.from({ length: n }, (_, i) => from + ((to - from) * i) / (n - 1));

// 1,000 requests: most are quick, some wait on a slow query, a few on a retry.
const latencies = [...spread(900, 0.02, 0.06), ...spread(80, 0.1, 0.4), ...spread(20, 1, 3)].sort((a, b) => a - b);

const exact = (q: number) => latencies[Math.ceil(q * latencies.length) - 1]!;
const average = latencies.reduce((sum, s) => sum + s, 0) / latencies.length;

const layouts = {
  'prom-client default': [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  'three buckets': [0.1, 1, 10],
  'around a 300 ms goal': [0.025, 0.05, 0.1, 0.2, 0.3, 0.4, 0.6, 1, 2.5, 5],
};

const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`.padStart(8);
console.log(`${'average'.padEnd(22)}${ms(average)}`);
console.log(`${'exact'.padEnd(22)}${[0.5, 0.95, 0.99].map((q) => ms(exact(q))).join('')}`);
for (const [name, bounds] of Object.entries(layouts)) {
  const buckets = toBuckets(latencies, bounds);
  console.log(`${name.padEnd(22)}${[0.5, 0.95, 0.99].map((q) => ms(quantileFromBuckets(q, buckets))).join('')}`);
}
