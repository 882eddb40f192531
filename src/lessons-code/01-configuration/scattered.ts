// sample: section "Why configuration breaks production" — settings read where they are used (don't copy it)
import { Hono } from 'hono';

export const app = new Hono();

app.get('/orders', async (c) => {
  const poolSize = Number(process.env.DB_POOL_SIZE) || 10; // "ten" is NaN, so 10, and nobody is told
  const verbose = Boolean(process.env.VERBOSE_ERRORS); // "false" is a non-empty string: true
  const timeoutMs = parseInt(process.env.ORDERS_TIMEOUT_MS ?? '5000'); // "5s" parses as 5 (milliseconds)
  const apiKey = process.env.PAYMENTS_API_KEY!; // undefined until the first order, at 3 a.m.
  return c.json({ poolSize, verbose, timeoutMs, configured: apiKey.length > 0 });
});
