/**
 * @module
 * The HTTP face of the job queue (reference solution of lab 09): accept a job with 202 and where to
 * poll for it, refuse it with 503 and when to come back, and report on jobs.
 */
import { Hono } from 'hono';
import { type Job, type JobQueue, type JobStatus } from './jobs.ts';
import { parsePayload } from './work.ts';

const STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed'];

/** A job as clients see it. */
function view(job: Job) {
  return { id: job.id, status: job.status, attempts: job.attempts, payload: job.payload, ...(job.error ? { error: job.error } : {}) };
}

export function createRoutes(queue: JobQueue): Hono {
  const app = new Hono();

  app.post('/jobs', async (c) => {
    const text = await c.req.text();
    let body: unknown;
    try {
      body = text.trim() ? JSON.parse(text) : {};
    } catch {
      return c.json({ error: 'the body must be JSON' }, 400);
    }
    const parsed = parsePayload(body);
    if ('error' in parsed) return c.json({ error: parsed.error }, 400);

    const result = queue.submit(parsed.payload, c.req.header('Idempotency-Key') || undefined);
    if (result.kind === 'refused') {
      // Backpressure: the client learns the job was not taken, and when trying again makes sense.
      c.header('Retry-After', String(result.retryAfterSeconds));
      const why = result.reason === 'full' ? 'the queue is full' : 'the service is shutting down';
      return c.json({ error: `${why}: try again later` }, 503);
    }
    // Accepted, not done: the client polls the job where Location says.
    c.header('Location', `/jobs/${result.job.id}`);
    return c.json({ id: result.job.id, status: result.job.status }, 202);
  });

  app.get('/jobs/:id', (c) => {
    const job = queue.get(c.req.param('id'));
    return job ? c.json(view(job)) : c.json({ error: 'no such job' }, 404);
  });

  app.get('/jobs', (c) => {
    const status = c.req.query('status');
    if (status !== undefined && !STATUSES.includes(status as JobStatus)) {
      return c.json({ error: `status must be one of ${STATUSES.join(', ')}` }, 400);
    }
    return c.json({ jobs: queue.list(status as JobStatus | undefined).map(view) });
  });

  return app;
}
