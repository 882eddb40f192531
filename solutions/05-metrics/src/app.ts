/**
 * @module
 * The HTTP routes of the lab 05 service, a small shop API. Measuring them is src/metrics.ts's job:
 * createApp() puts its middleware in front of every route, /metrics included, and serves its handler
 * at GET /metrics.
 */
import { type Handler, Hono, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from './log.ts';

/** What src/metrics.ts gives the app. */
export interface Metrics {
  /** Runs around every request, before the route's handler and after it (and after the error handler). */
  middleware: MiddlewareHandler;
  /** Answers GET /metrics. */
  handler: Handler;
}

/** Users 1 to 100 exist; any other id is a 404. */
const USER_COUNT = 100;
/** /slow never sleeps longer than this, whatever ?ms says. */
const MAX_SLOW_MS = 10_000;

interface OrderRequest {
  item?: unknown;
  quantity?: unknown;
}

let nextOrderId = 1;

export function createApp({ metrics, log }: { metrics: Metrics; log: Logger }): Hono {
  const app = new Hono();
  app.use(metrics.middleware);
  app.get('/metrics', metrics.handler);

  app.get('/', (c) => c.json({ service: 'shop', status: 'ok' }));
  app.get('/users', (c) => c.json({ users: Array.from({ length: 10 }, (_, i) => ({ id: i + 1, name: `user ${i + 1}` })) }));
  app.get('/users/:id', (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isInteger(id) || id < 1 || id > USER_COUNT) return c.json({ error: 'user not found' }, 404);
    return c.json({ id, name: `user ${id}` });
  });
  app.post('/orders', async (c) => {
    const order = (await c.req.json().catch(() => ({}))) as OrderRequest;
    if (typeof order.item !== 'string' || !Number.isInteger(order.quantity) || (order.quantity as number) < 1) {
      // Thrown, not returned: the error handler below turns it into the 400.
      throw new HTTPException(400, { message: 'an order needs an item (string) and a quantity (positive integer)' });
    }
    return c.json({ id: nextOrderId++, item: order.item, quantity: order.quantity }, 201);
  });
  app.get('/slow', async (c) => {
    const ms = Math.min(Math.max(Number(c.req.query('ms') ?? 1000) || 0, 0), MAX_SLOW_MS);
    await new Promise((resolve) => setTimeout(resolve, ms));
    return c.json({ sleptMs: ms });
  });
  app.get('/boom', () => {
    // A bug in a handler: the error handler answers 500.
    throw new Error('boom: the handler has a bug');
  });

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((error, c) => {
    if (error instanceof HTTPException) return c.json({ error: error.message }, error.status);
    log.error('request failed', { method: c.req.method, path: c.req.path, error: error.message });
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
