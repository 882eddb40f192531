// sample: section "202 Accepted and Location" — the HTTP side of the runner
import { Hono } from 'hono';
import { view, type JobStatus } from './job.ts';
import { findJob, type Runner } from './runner.ts';
import { submit } from './submit.ts';

export function jobRoutes(runner: Runner): Hono {
  const app = new Hono();

  app.post('/jobs', async (c) => {
    const payload: unknown = await c.req.json().catch(() => undefined);
    if (payload === undefined) return c.json({ error: 'the body must be JSON' }, 400);

    const admission = submit(runner, payload, c.req.header('Idempotency-Key') || undefined);
    if ('refused' in admission) {
      // Backpressure: the job was not taken, and the client learns when trying again makes sense.
      c.header('Retry-After', String(admission.retryAfterSeconds));
      const why = admission.refused === 'full' ? 'the queue is full' : 'the service is shutting down';
      return c.json({ error: `${why}: try again later` }, 503);
    }
    // Accepted, not done: 202, and Location says where to ask how it went.
    const { id, status } = admission.accepted;
    c.header('Location', `/jobs/${id}`);
    return c.json({ id, status }, 202);
  });

  app.get('/jobs/:id', (c) => {
    const job = findJob(runner, c.req.param('id'));
    return job ? c.json(view(job)) : c.json({ error: 'no such job' }, 404);
  });

  // ?status=failed is the dead-letter list: jobs that used up their attempts, each with its last error.
  app.get('/jobs', (c) => {
    const status = c.req.query('status') as JobStatus | undefined;
    const all = [...runner.unfinished.values(), ...runner.finished.values()];
    return c.json({ jobs: all.filter((job) => !status || job.status === status).map(view) });
  });

  return app;
}
