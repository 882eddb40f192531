// sample: section "Fail before you listen" — the order that lets a broken instance look healthy (don't copy it)
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

declare function validateEnvironment(): void; // throws when something is wrong

const app = new Hono().get('/', (c) => c.json({ status: 'ok' }));

serve({ fetch: app.fetch, port: Number(process.env.PORT) }, () => {
  // The port is already open: health checks pass, and traffic may arrive before this line runs.
  validateEnvironment();
});
