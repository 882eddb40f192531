// sample: section "The same runner on BullMQ" — try it against a Redis; run it with node
import { setTimeout as sleep } from 'node:timers/promises';
import { createDurableRunner } from './bullmq-runner.ts';

// REDIS_URL=redis://127.0.0.1:6379 node src/lessons-code/09-background-jobs/bullmq-demo.ts
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let running = 0;

const runner = createDurableRunner(redisUrl, 'lesson-09-demo', {
  capacity: 5,
  concurrency: 2,
  maxAttempts: 3,
  retryBaseMs: 200,
  handler: async (payload, attempt) => {
    const { durationMs, failTimes = 0 } = payload as { durationMs: number; failTimes?: number };
    running++;
    console.log(`  start  ${JSON.stringify(payload)}, attempt ${attempt}  (${running} running)`);
    try {
      await sleep(durationMs);
      if (attempt <= failTimes) throw new Error(`attempt ${attempt} failed`);
    } finally {
      running--;
    }
  },
});
await runner.queue.obliterate({ force: true }); // a clean demo: forget earlier runs

const slow = { durationMs: 300 };
const poison = { durationMs: 50, failTimes: 99 };
const jobs = [slow, slow, slow, poison, slow, slow];
const ids: string[] = [];
for (const payload of jobs) {
  const admission = await runner.submit(payload);
  console.log(`submit ${JSON.stringify(payload)} →`, admission);
  if ('accepted' in admission) ids.push(admission.accepted);
}

await sleep(3_000);
for (const id of ids) console.log('status', await runner.status(id));
// The same Idempotency-Key twice: one job.
const once = await runner.submit({ durationMs: 10 }, 'order-42');
console.log('key order-42:', once, await runner.submit({ durationMs: 10 }, 'order-42'));
await runner.close();
