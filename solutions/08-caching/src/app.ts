/**
 * @module
 * The HTTP routes of the lab 08 service. Reads and writes go through the cache (src/cache.ts), and
 * every product answer says in X-Cache where it came from.
 */
import { Hono } from 'hono';
import type { ProductCache } from './cache.ts';
import type { Logger } from './log.ts';
import { type ProductStore, StoreError } from './store.ts';

export function createApp({ store, cache, log }: { store: ProductStore; cache: ProductCache; log: Logger }): Hono {
  const app = new Hono();
  app.get('/', (c) => c.json({ service: 'products', status: 'ok' }));

  app.get('/products/:id', async (c) => {
    const id = c.req.param('id');
    const { product, source } = await cache.read(id, () => store.read(id));
    c.header('X-Cache', source);
    return c.json(product);
  });

  app.put('/products/:id', async (c) => {
    // No body is a write that changes no field: the store still records a new version.
    const text = await c.req.text();
    const fields: unknown = text.trim() ? parseJson(text) : {};
    if (!fields || typeof fields !== 'object' || Array.isArray(fields)) return c.json({ error: 'the body must be a JSON object of product fields' }, 400);
    const id = c.req.param('id');
    return c.json(await cache.update(id, () => store.write(id, fields as Record<string, unknown>)));
  });

  app.onError((error, c) => {
    log.error('request failed', { path: c.req.path, error: error.message });
    return error instanceof StoreError ? c.json({ error: 'the product store failed' }, 502) : c.json({ error: 'internal error' }, 500);
  });
  return app;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
