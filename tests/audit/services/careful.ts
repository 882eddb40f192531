/**
 * A small orders API written the way a careful team writes one with Hono: the checklist's items from
 * well-kept middleware (request id, secure headers, CORS allowlist, body limit, timeout, rate limit),
 * prom-client metrics by route template, probes, problem+json errors, and server timeouts below Node's
 * defaults. The audit must find nothing wrong with it.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import { timeout } from 'hono/timeout';
import { rateLimiter } from 'hono-rate-limiter';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

const problem = (status: number, title: string) =>
  new Response(JSON.stringify({ type: 'about:blank', status, title }), { status, headers: { 'Content-Type': 'application/problem+json' } });

/** Through the context, so the headers middleware set on it (the limiter's Retry-After) are kept. */
const contextProblem = (c: Context, status: ContentfulStatusCode, title: string) =>
  c.body(JSON.stringify({ type: 'about:blank', status, title }), status, { 'Content-Type': 'application/problem+json' });

export function createCarefulApp({ requestsPerWindow = 40 } = {}): Hono {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({ name: 'http_request_duration_seconds', help: 'Request duration', labelNames: ['method', 'route', 'status'], registers: [registry] });

  const app = new Hono();
  app.use(requestId());
  app.use(secureHeaders());
  app.use(cors({ origin: ['https://orders.example'] }));
  app.use(async (c, next) => {
    const end = duration.startTimer();
    await next();
    const route = routePath(c, -1);
    end({ method: c.req.method, route: route === routePath(c, 0) ? 'unmatched' : route, status: String(c.res.status) });
  });
  app.get('/livez', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => c.json({ status: 'ready' }));
  app.get('/metrics', async (c) => c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType }));
  app.use(bodyLimit({ maxSize: 1024 * 1024, onError: () => problem(413, 'Content Too Large') }));
  app.use(timeout(1000));
  app.use(
    rateLimiter({
      windowMs: 60_000,
      limit: requestsPerWindow,
      standardHeaders: 'draft-7',
      keyGenerator: (c) => getConnInfo(c).remote.address ?? 'unknown',
      handler: (c) => contextProblem(c, 429, 'Too Many Requests'),
    }),
  );
  app.get('/', (c) => c.json({ service: 'orders' }));
  app.post('/', async (c) => c.json({ received: await c.req.json() }, 201));
  app.get('/slow', async (c) => {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    return c.json({ finally: true });
  });
  app.notFound(() => problem(404, 'Not Found'));
  app.onError((error) => {
    if (error instanceof HTTPException) return problem(error.status, error.message || 'Error');
    if (error instanceof SyntaxError) return problem(400, 'Malformed JSON');
    return problem(500, 'Internal Server Error');
  });
  return app;
}

export function startCareful(): Promise<{ url: string; server: ServerType }> {
  return new Promise((resolve) => {
    const server = serve(
      {
        fetch: createCarefulApp().fetch,
        port: 0,
        hostname: '127.0.0.1',
        // A half-sent request is dropped within 2 s (checked every 0.5 s), a whole one within 5 s.
        serverOptions: { headersTimeout: 2000, requestTimeout: 5000, connectionsCheckingInterval: 500 },
      },
      (info: AddressInfo) => resolve({ url: `http://127.0.0.1:${info.port}`, server }),
    );
  });
}
