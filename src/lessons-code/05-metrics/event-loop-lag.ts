// sample: section "The process's own metrics" — the experiment; run it with node
import { collectDefaultMetrics, Registry } from 'prom-client';
import { setTimeout as sleep } from 'node:timers/promises';

const registry = new Registry();
collectDefaultMetrics({ register: registry });

/** Scrapes, and prints the event-loop lag gauges. Each scrape resets the delay histogram behind them. */
async function scrape(label: string) {
  const metrics = await registry.getMetricsAsJSON(); // the same collection a scrape runs
  const value = (name: string) => (metrics.find((metric) => metric.name === name)?.values[0]?.value ?? NaN) * 1000;
  const shown = ['p50', 'p99', 'max'].map((stat) => `${stat} ${value(`nodejs_eventloop_lag_${stat}_seconds`).toFixed(1)} ms`);
  console.log(label.padEnd(36), shown.join('   '));
}

await scrape('at start (throw away)');
await sleep(2000);
await scrape('idle for 2 s');
const blocker = setInterval(() => {
  const until = performance.now() + 80;
  while (performance.now() < until); // 80 ms of synchronous work, as a big JSON.parse would do
}, 250);
await sleep(2000);
clearInterval(blocker);
await scrape('blocked 80 ms every 250 ms, for 2 s');
