// sample: section "X-Cache: say which tier answered" — the route, and the header on every answer
import { Hono } from 'hono';
import type { Tiers } from './read-path.ts';
import { readProduct } from './read-path.ts';

export function productRoutes(tiers: Tiers) {
  const app = new Hono();
  app.get('/products/:id', async (c) => {
    const { entry, outcome } = await readProduct(tiers, c.req.param('id'));
    c.header('X-Cache', outcome); // on the 404 too: a negative entry is a hit like any other
    return entry.product ? c.json(entry.product) : c.json({ error: 'no such product' }, 404);
  });
  return app;
}
