/**
 * @module
 * The HTTP routes of the lab 04 service. The probes' logic lives in src/health.ts.
 */
import { Hono } from 'hono';
import type { Health } from './health.ts';

export function createApp(health: Health): Hono {
  const app = new Hono();
  app.get('/', (c) => c.json({ service: 'orders', status: 'ok' }));
  app.get('/livez', (c) => health.livez(c));
  app.get('/readyz', (c) => health.readyz(c));
  return app;
}
