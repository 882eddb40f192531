// sample: section "Bounded queues and backpressure" — the queue everybody writes first (don't copy it)
import { Hono } from 'hono';
import { randomUUID } from 'node:crypto';

const queue: { id: string; payload: unknown }[] = [];
export const app = new Hono();

app.post('/jobs', async (c) => {
  const job = { id: randomUUID(), payload: await c.req.json() };
  queue.push(job); // always room: until the process runs out of memory
  return c.json({ id: job.id }, 202);
});

export async function workLoop(run: (payload: unknown) => Promise<void>): Promise<never> {
  for (;;) {
    const job = queue.shift();
    if (job) await run(job.payload).catch(() => {}); // one at a time, failures dropped, no retry
    else await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
