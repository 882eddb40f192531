// sample: section "One endpoint is not enough" — the shape to unlearn
import { Hono } from 'hono';
import type { Database } from './lab.ts';

export function createApp(db: Database): Hono {
  const app = new Hono();

  // One health route, pointed at by both the livenessProbe and the readinessProbe.
  app.get('/healthz', async (c) => {
    try {
      await db.ping(); // no timeout: waits as long as the database does
      return c.json({ status: 'ok' });
    } catch {
      return c.json({ status: 'unavailable' }, 503);
    }
  });

  return app;
}
