// sample: section "Readiness flips first" — lesson 04 builds the real readiness endpoint
import { Hono } from 'hono';

/** Shared by the routes and the shutdown code; set the moment the first signal arrives. */
export const lifecycle = { draining: false };

export function createApp(): Hono {
  const app = new Hono();

  app.get('/readyz', (c) =>
    lifecycle.draining ? c.json({ status: 'draining' }, 503) : c.json({ status: 'ready' }),
  );
  app.get('/', (c) => c.json({ status: 'ok' }));

  return app;
}
