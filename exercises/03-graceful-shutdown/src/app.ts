/**
 * @module
 * The HTTP routes of the lab 03 service. Nothing here knows about shutdown: that is the server's job.
 */
import { Hono } from 'hono';

/** Longest `/slow` a client may ask for, so a typo cannot park a request for an hour. */
const MAX_SLOW_MS = 60_000;

export function createApp(): Hono {
  const app = new Hono();

  app.get('/', (c) => c.json({ status: 'ok' }));

  // Stands in for real work (a database query, a call to another service) that takes N ms.
  app.get('/slow', async (c) => {
    const ms = Number(c.req.query('ms') ?? '1000');
    if (!Number.isInteger(ms) || ms < 0 || ms > MAX_SLOW_MS) {
      return c.json({ error: `ms must be an integer from 0 to ${MAX_SLOW_MS}` }, 400);
    }
    await new Promise((resolve) => setTimeout(resolve, ms));
    return c.json({ status: 'done', waitedMs: ms });
  });

  return app;
}
