// sample: lesson 10, "Limits": probes first, then the rate limit and the body limit in front of the routes.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { rateLimiter } from 'hono-rate-limiter';
import type { Config } from '../../../exercises/10-readiness-checklist/src/config.ts';
import type { OrdersEnv } from '../../../exercises/10-readiness-checklist/src/orders.ts';
import { problem } from './errors.ts';

export function installLimits(app: Hono<OrdersEnv>, config: Config, draining: () => boolean): void {
  // Answered before anything below can refuse them: a limited kubelet restarts a healthy pod.
  app.get('/livez', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => (draining() ? c.json({ status: 'draining' }, 503) : c.json({ status: 'ready' })));

  app.use(
    rateLimiter({
      windowMs: config.rateLimit.windowMs,
      limit: config.rateLimit.perWindow,
      standardHeaders: 'draft-7', // RateLimit and RateLimit-Policy on every answer, Retry-After on the 429
      keyGenerator: (c) => getConnInfo(c).remote.address ?? 'unknown', // the socket, not X-Forwarded-For
      handler: (c) => problem(c, 429, 'Too Many Requests'), // through c, so Retry-After stays
    }),
  );
  // Counts the body as it streams in: past maxSize the stream is cut and onError answers, before any handler reads.
  app.use(bodyLimit({ maxSize: config.bodyLimitBytes, onError: (c) => problem(c, 413, 'Content Too Large') }));
}
