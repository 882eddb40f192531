// sample: lesson 10, "Timeouts": a deadline the work listens to, and Hono's timeout() for the 504 itself.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Hono } from 'hono';
import { timeout } from 'hono/timeout';
import type { Config } from '../../../exercises/10-readiness-checklist/src/config.ts';
import type { OrdersEnv } from '../../../exercises/10-readiness-checklist/src/orders.ts';

export function installDeadline(app: Hono<OrdersEnv>, config: Config): void {
  app.use(async function deadline(c, next) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), config.requestTimeoutMs);
    c.set('signal', controller.signal); // every query, fetch and sleep of the route takes this signal
    try {
      await next();
    } finally {
      clearTimeout(timer);
    }
  });
  // Answers 504 at the deadline (an HTTPException for app.onError); on its own it cannot stop the handler.
  app.use(timeout(config.requestTimeoutMs));
}

/** A route whose work stops with the request: the step in progress rejects with an AbortError. */
export function reportRoute(app: Hono<OrdersEnv>): void {
  app.get('/reports/slow', async (c) => {
    for (let step = 1; step <= 30; step++) {
      await sleep(100, undefined, { signal: c.var.signal }); // a query would get the same signal
      c.var.log.info('report step', { step });
    }
    return c.json({ steps: 30 });
  });
}
