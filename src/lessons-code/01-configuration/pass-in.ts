// sample: section "Passing the configuration in" — frozen once, handed to whoever needs it
import { Hono } from 'hono';
import type { Config } from './types.ts';

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

// The routes receive the config: no handler reads process.env, so a test can pass any config it likes.
export function createApp(config: Config): Hono {
  const app = new Hono();
  app.post('/signup', (c) => (config.features.signup ? c.json({ status: 'created' }, 201) : c.json({ error: 'signup is disabled' }, 404)));
  return app;
}
