// sample: lesson 10, "Request ids": the id first, then a logger that carries it, then one access line.
import type { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { Logger } from '../../../exercises/10-readiness-checklist/src/log.ts';
import type { OrdersEnv } from '../../../exercises/10-readiness-checklist/src/orders.ts';

export function installRequestIds(app: Hono<OrdersEnv>, log: Logger): void {
  // Keeps a caller's X-Request-Id of at most 255 characters of [A-Za-z0-9_=-], makes a UUID otherwise,
  // sets c.var.requestId and echoes the id on the response.
  app.use(requestId());

  app.use(async function accessLog(c, next) {
    const requestLog = log.with({ requestId: c.var.requestId });
    c.set('log', requestLog); // the routes log through c.var.log, so their lines carry the id too
    const started = performance.now();
    await next();
    // c.req.path, not c.req.url: a query string may hold a token.
    requestLog.info('request', { method: c.req.method, path: c.req.path, status: c.res.status, durationMs: Math.round(performance.now() - started) });
  });
}
