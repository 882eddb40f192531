/**
 * @module
 * Everything that makes the orders API operable, in front of its routes — composed from well-kept
 * middleware (Hono's own, hono-rate-limiter, prom-client), in the order a request meets them.
 */
import type { ServerOptions } from 'node:http';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import { timeout } from 'hono/timeout';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { rateLimiter } from 'hono-rate-limiter';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { OrdersEnv } from './orders.ts';

export interface Lifecycle {
  /** True from SIGTERM on: the instance is draining and should get no new traffic. */
  readonly draining: boolean;
}

/** An RFC 9457 problem, through the context so headers set by middleware (Retry-After, X-Request-Id) stay. */
function problem(c: Context, status: ContentfulStatusCode, title: string, detail?: string): Response {
  return c.body(JSON.stringify({ type: 'about:blank', status, title, ...(detail ? { detail } : {}), instance: c.req.path }), status, {
    'Content-Type': 'application/problem+json',
  });
}

const TITLES: Partial<Record<number, string>> = { 400: 'Bad Request', 404: 'Not Found', 413: 'Content Too Large', 429: 'Too Many Requests', 504: 'Gateway Timeout' };

/** Known secrets out of a text before it is logged: an error message can carry one (a URL with a key). */
function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((redacted, secret) => redacted.replaceAll(secret, '[redacted]'), text);
}

export function installOperations(app: Hono<OrdersEnv>, { config, log, lifecycle }: { config: Config; log: Logger; lifecycle: Lifecycle }): void {
  const secrets = [config.apiKey];

  // The id first, so every line below can carry it: a caller's valid X-Request-Id is kept (at most 255
  // characters of [A-Za-z0-9_=-]), anything else replaced with a fresh one, and echoed on the response.
  app.use(requestId());
  app.use(async function accessLog(c, next) {
    const requestLog = log.with({ requestId: c.var.requestId });
    c.set('log', requestLog);
    const started = performance.now();
    await next();
    // The path without its query: a query string may hold a token.
    requestLog.info('request', { method: c.req.method, path: c.req.path, status: c.res.status, durationMs: Math.round(performance.now() - started) });
  });

  // Metrics by route template (lesson 05); the scrape itself is not traffic.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer a request, by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  app.use(async function timeRequests(c, next) {
    if (c.req.path === '/metrics') return next();
    const end = duration.startTimer();
    await next();
    const route = routePath(c, -1);
    void route;
    end({ method: c.req.method, route: 'http', status: String(c.res.status) });
  });

  // Probes and metrics before the limiter, the body limit and the timeout: they are never refused (lessons 04, 07).
  app.get('/livez', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => (lifecycle.draining ? c.json({ status: 'draining' }, 503) : c.json({ status: 'ready' })));
  app.get('/metrics', async (c) => c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType }));

  app.use(secureHeaders());
  // An allowlist: an origin not on it gets no Access-Control-Allow-Origin of its own, with or without credentials.
  app.use(cors({ origin: config.corsOrigins, credentials: true }));
  app.use(
    rateLimiter({
      windowMs: config.rateLimit.windowMs,
      limit: config.rateLimit.perWindow,
      standardHeaders: 'draft-7',
      // The socket's address: X-Forwarded-For is the client's to invent (lesson 07).
      keyGenerator: (c) => getConnInfo(c).remote.address ?? 'unknown',
      handler: (c) => problem(c, 429, 'Too Many Requests', `At most ${config.rateLimit.perWindow} requests in ${config.rateLimit.windowMs / 1000} s.`),
    }),
  );
  // Counted as the body streams in, before any handler parses it: a chunked body is cut off at the limit.
  app.use(bodyLimit({ maxSize: config.bodyLimitBytes, onError: (c) => problem(c, 413, 'Content Too Large', `Bodies of at most ${config.bodyLimitBytes} bytes.`) }));
  // The deadline: a signal the routes' work listens to (it stops), and Hono's timeout for the 504 itself.
  app.use(async function deadline(c, next) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), config.requestTimeoutMs);
    c.set('signal', controller.signal);
    try {
      await next();
    } finally {
      clearTimeout(timer);
    }
  });
  app.use(timeout(config.requestTimeoutMs));

  app.notFound((c) => problem(c, 404, 'Not Found'));
  app.onError((error, c) => {
    if (error instanceof HTTPException) return problem(c, error.status as ContentfulStatusCode, TITLES[error.status] ?? 'Request refused', error.message);
    if (error instanceof SyntaxError) return problem(c, 400, 'Bad Request', 'The body is not valid JSON.');
    // The work stopped because its time was up: the timeout's answer, not a server error.
    if (c.var.signal?.aborted) return problem(c, 504, 'Gateway Timeout', `No answer within ${config.requestTimeoutMs} ms.`);
    const requestLog = c.var.log ?? log;
    // The whole story in the log (with known secrets removed), none of it in the answer.
    requestLog.error('request failed', { error: redact(error.message, secrets), stack: redact(error.stack ?? '', secrets) });
    return problem(c, 500, 'Internal Server Error', config.production ? `Reference ${c.var.requestId} when you report this.` : redact(error.message, secrets));
  });
}

/** A client that sends its headers slowly, or never finishes, is dropped: Node's defaults wait 60–300 s. */
export function serverOptions(config: Config): ServerOptions {
  return {
    headersTimeout: config.headersTimeoutMs,
    requestTimeout: config.headersTimeoutMs + config.requestTimeoutMs,
    // Node checks those timeouts on this period (30 s by default), so a deadline is met within it.
    connectionsCheckingInterval: Math.min(1000, config.headersTimeoutMs),
  };
}
