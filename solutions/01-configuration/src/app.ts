/**
 * @module
 * The HTTP routes of the lab 01 service. They receive the configuration as an argument, already
 * validated: no route reads process.env or a file.
 */
import { Hono } from 'hono';
import { type Config, redactConfig } from './config.ts';

export function createApp(config: Config): Hono {
  const app = new Hono();

  app.get('/', (c) => c.json({ status: 'ok' }));

  // What an operator asks a misbehaving instance first: which settings is it actually running with?
  // Every secret must come out redacted.
  app.get('/config', (c) => c.json(redactConfig(config)));

  // A feature behind a flag: signing up is possible only where the configuration turns it on.
  app.post('/signup', (c) => {
    if (!config.features.signup) return c.json({ error: 'signup is disabled' }, 404);
    return c.json({ status: 'created' }, 201);
  });

  return app;
}
