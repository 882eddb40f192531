// sample: section "Bounded queues and backpressure" — the experiment; run it with node --expose-gc
import { randomUUID } from 'node:crypto';

// What one waiting job costs in memory: an id, a 1 KB payload as the request parsed it, a few fields.
const count = 100_000;
const gc = (globalThis as { gc?: () => void }).gc;
const heapNow = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};

const before = heapNow();
const waiting: object[] = [];
for (let i = 0; i < count; i++) {
  const body = JSON.stringify({ to: `user${i}@example.com`, text: 'x'.repeat(1_000 - 32) });
  const payload = JSON.parse(body); // as the request's body parser makes it
  waiting.push({ id: randomUUID(), payload, status: 'queued', attempts: 0, acceptedAt: Date.now() });
}
const perJob = (heapNow() - before) / count;

const megabytes = ((perJob * waiting.length) / 1e6).toFixed(0);
console.log(`${waiting.length} waiting jobs: ${megabytes} MB of heap, ${perJob.toFixed(0)} bytes each`);
// A flood that outruns the workers by 1,000 jobs a second, with no bound on the queue:
const perMinute = (perJob * 1_000 * 60) / 1e6;
console.log(`1,000 jobs/s more than the workers finish: +${perMinute.toFixed(0)} MB a minute`);
console.log(`a 512 MB container is full in about ${(512 / perMinute).toFixed(0)} minutes`);
