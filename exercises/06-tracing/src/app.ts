/**
 * @module
 * The HTTP routes of the lab 06 service: an orders API whose GET /orders/:id asks a downstream
 * inventory service (at INVENTORY_URL) for the item's stock. Tracing them is src/tracing.ts's job:
 * createApp() puts its middleware in front of every route and calls the inventory through its fetch.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { Logger } from './log.ts';

/** What src/tracing.ts gives the app and the server. */
export interface Tracing {
  /** Runs around every request, before the route's handler and after it (and after the error handler). */
  middleware: MiddlewareHandler;
  /** The `fetch` the app calls other services with. */
  fetch(input: string | URL, init?: RequestInit): Promise<Response>;
  /** Sends the spans not sent yet and stops tracing: the last thing to do before the process exits. */
  shutdown(): Promise<void>;
}

/** How long the inventory has to answer before the order answers 502. */
const INVENTORY_TIMEOUT_MS = 2000;

export function createApp({ tracing, inventoryUrl, log }: { tracing: Tracing; inventoryUrl: string; log: Logger }): Hono {
  const app = new Hono();
  app.use(tracing.middleware);

  app.get('/', (c) => c.json({ service: 'orders', status: 'ok' }));
  app.get('/orders/:id', async (c) => {
    const id = c.req.param('id');
    if (!/^\d{1,9}$/.test(id)) return c.json({ error: 'an order id is a number' }, 400);
    let stock: Response;
    try {
      stock = await tracing.fetch(new URL(`/stock/${id}`, inventoryUrl), { signal: AbortSignal.timeout(INVENTORY_TIMEOUT_MS) });
    } catch (error) {
      log.warn('inventory unreachable', { orderId: id, error: (error as Error).message });
      return c.json({ error: 'inventory unreachable' }, 502);
    }
    if (!stock.ok) {
      await stock.body?.cancel();
      log.warn('inventory failed', { orderId: id, status: stock.status });
      return c.json({ error: `inventory answered ${stock.status}` }, 502);
    }
    return c.json({ id: Number(id), item: `item ${id}`, stock: await stock.json() });
  });

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((error, c) => {
    log.error('request failed', { method: c.req.method, path: c.req.path, error: error.message });
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
