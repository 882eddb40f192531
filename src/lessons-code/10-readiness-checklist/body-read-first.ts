// sample: lesson 10, "Limits": a body limit that reads first (don't copy it).
import type { Hono } from 'hono';
import type { Config } from '../../../exercises/10-readiness-checklist/src/config.ts';
import type { OrdersEnv } from '../../../exercises/10-readiness-checklist/src/orders.ts';
import { problem } from './errors.ts';

export function installSizeLimit(app: Hono<OrdersEnv>, config: Config): void {
  app.use(async function sizeLimit(c, next) {
    const body = await c.req.text(); // waits for the whole body, however large, however long it takes
    if (body.length > config.bodyLimitBytes) return problem(c, 413, 'Content Too Large');
    await next();
  });
}
