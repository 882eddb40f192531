/**
 * @module
 * The HTTP routes of the lab 07 service: a small catalogue API with a login. Limiting them is
 * src/rate-limit.ts's job: createApp() runs its `everyRequest` middleware before every route, the
 * probe and /metrics included (which requests it limits is its call), and its `login` middleware
 * before the handler of POST /login.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import { problem } from './problem.ts';

/** What src/rate-limit.ts gives the app. */
export interface RateLimits {
  /** Runs before every route's handler: GET /livez and GET /metrics too. */
  everyRequest: MiddlewareHandler;
  /** Runs before the handler of POST /login, after `everyRequest`. */
  login: MiddlewareHandler;
  /** How many clients the limiter holds state for right now (the rate_limit_tracked_clients gauge). */
  trackedClients(): number;
}

const ITEMS = Array.from({ length: 20 }, (_, i) => ({ id: i + 1, name: `item ${i + 1}` }));
/** The one account; a real service would check a password hash. */
const USER = { username: 'ada', password: 'correct horse battery staple' };
const MAX_SLOW_MS = 10_000;

export function createApp({ limits, metrics, log }: { limits: RateLimits; metrics: Metrics; log: Logger }): Hono {
  const app = new Hono();
  app.use(metrics.middleware);
  app.use(limits.everyRequest);

  app.get('/livez', (c) => c.json({ status: 'ok' }));
  app.get('/metrics', metrics.handler);

  app.get('/items', (c) => c.json({ items: ITEMS }));
  app.get('/items/:id', (c) => {
    const item = ITEMS.find(({ id }) => String(id) === c.req.param('id'));
    return item ? c.json(item) : problem(c, 404, { title: 'Not Found', detail: 'no item with that id' });
  });
  app.post('/login', limits.login, async (c) => {
    const { username, password } = (await c.req.json().catch(() => ({}))) as { username?: unknown; password?: unknown };
    const success = username === USER.username && password === USER.password;
    metrics.loginAttempted(success ? 'success' : 'failure');
    if (!success) return problem(c, 401, { title: 'Unauthorized', detail: 'wrong username or password' });
    return c.json({ token: crypto.randomUUID() });
  });
  // For the workspace's traffic generator: a slow answer and a failing one.
  app.get('/slow', async (c) => {
    const ms = Math.min(Math.max(Number(c.req.query('ms') ?? 1000) || 0, 0), MAX_SLOW_MS);
    await new Promise((resolve) => setTimeout(resolve, ms));
    return c.json({ sleptMs: ms });
  });
  app.get('/boom', () => {
    throw new Error('boom: the handler has a bug');
  });

  app.notFound((c) => problem(c, 404, { title: 'Not Found' }));
  app.onError((error, c) => {
    log.error('request failed', { method: c.req.method, path: c.req.path, error: error.message });
    return problem(c, 500, { title: 'Internal Server Error' });
  });
  return app;
}
