/**
 * @module
 * The orders API itself — its routes, and nothing operational: that is src/operations.ts's job. The
 * routes read two things operations may give each request: `c.var.log`, a logger that stamps every
 * line with the request's id, and `c.var.signal`, aborted when the request's time is up so its work
 * stops. Without them they fall back to the plain logger and a signal that never fires.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { log as rootLogger, type Logger } from './log.ts';

/** What src/operations.ts sets on each request's context. */
export interface OrdersEnv {
  Variables: {
    log: Logger;
    signal: AbortSignal;
    requestId: string;
  };
}

const newOrder = z.object({ item: z.string().min(1).max(100), quantity: z.number().int().min(1).max(100) });

const orders = new Map<number, { id: number; item: string; quantity: number }>([
  [1, { id: 1, item: 'teapot', quantity: 1 }],
  [2, { id: 2, item: 'cups', quantity: 6 }],
]);

const never = new AbortController().signal;

export function createOrders({ apiKey }: { apiKey: string }): Hono<OrdersEnv> {
  const app = new Hono<OrdersEnv>();
  const logOf = (c: { var: Partial<OrdersEnv['Variables']> }) => c.var.log ?? rootLogger;

  app.get('/', (c) => c.json({ service: 'orders' }));

  app.get('/orders/:id', (c) => {
    const id = Number(c.req.param('id'));
    const order = Number.isInteger(id) ? orders.get(id) : undefined;
    if (!order) throw new HTTPException(404, { message: `There is no order ${c.req.param('id')}.` });
    logOf(c).info('order read', { orderId: id });
    return c.json(order);
  });

  app.post('/orders', async (c) => {
    const parsed = newOrder.safeParse(await c.req.json()); // malformed JSON throws a SyntaxError
    if (!parsed.success) throw new HTTPException(400, { message: z.prettifyError(parsed.error) });
    const order = { id: orders.size + 1, ...parsed.data };
    orders.set(order.id, order);
    logOf(c).info('order created', { orderId: order.id });
    return c.json(order, 201);
  });

  // A report built in steps of 100 ms; each step is work (a query, a file), so it must stop when the
  // request's time is up: a step after that is wasted on a caller who has gone.
  app.get('/reports/slow', async (c) => {
    const signal = c.var.signal ?? never;
    const steps = Math.min(Number(c.req.query('steps') ?? 30) || 30, 100);
    for (let step = 1; step <= steps; step++) {
      await sleep(100, undefined, { signal });
      logOf(c).info('report step', { step });
    }
    return c.json({ steps });
  });

  // A payment call that fails the way SDKs fail: with a message that holds more than a caller may see.
  app.post('/payments', () => {
    throw new Error(`payment provider unreachable at https://pay.example/v1/charges?key=${apiKey}`);
  });

  return app;
}
