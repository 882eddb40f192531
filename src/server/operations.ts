/**
 * @module
 * What makes the Operable server itself operable — the readiness checklist it teaches, and that
 * `operable audit` verifies on it: request ids, probes, Prometheus metrics by route template, a body
 * limit and a generous rate limit in front of everything, and errors as problem+json for clients that
 * are not browsers (browsers get the branded 404 page).
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { rateLimiter } from 'hono-rate-limiter';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { LogFields } from './log.ts';

/** The largest body any route takes (the runtime API's own limit says so in its words). */
const MAX_BODY_BYTES = 2 * 1024 * 1024;
/**
 * Per client, per 10 s: far above what a learner's browser sends (a lesson with its lab is ~150
 * requests), low enough that a runaway script meets 429 before it starves the lab services.
 */
const REQUESTS_PER_WINDOW = 1000;
const WINDOW_MS = 10_000;

const PROBE_PATHS = new Set(['/livez', '/readyz', '/metrics']);

/** An RFC 9457 problem, through the context so headers set by middleware (Retry-After, X-Request-Id) are kept. */
export function problem(c: Context, status: ContentfulStatusCode, title: string, detail?: string): Response {
  return c.body(JSON.stringify({ type: 'about:blank', status, title, ...(detail ? { detail } : {}) }), status, { 'Content-Type': 'application/problem+json' });
}

/** Browsers ask for HTML and get pages; API clients, curl and monitors get problem+json. */
export const prefersHtml = (c: Context) => (c.req.header('accept') ?? '').includes('text/html');

export interface OperationsOptions {
  /** Aborted when the server starts draining: readiness turns 503 so no new work is routed here. */
  shutdown: AbortSignal;
  log: { error(msg: string, fields?: LogFields): void };
}

/** Installs the operational routes and middleware; call before any other route. */
export function installOperations(app: Hono<any>, { shutdown, log }: OperationsOptions): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer a request, by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  app.use(requestId());
  app.use(async (c, next) => {
    if (c.req.path === '/metrics') return next(); // scrapes are not traffic
    const end = duration.startTimer();
    await next();
    const route = routePath(c, -1);
    end({ method: c.req.method, route: route === routePath(c, 0) ? 'unmatched' : route, status: String(c.res.status) });
  });

  app.get('/livez', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => (shutdown.aborted ? c.json({ status: 'draining' }, 503) : c.json({ status: 'ready' })));
  app.get('/metrics', async (c) => c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }));

  app.use(
    rateLimiter({
      windowMs: WINDOW_MS,
      limit: REQUESTS_PER_WINDOW,
      standardHeaders: 'draft-7',
      keyGenerator: (c) => getConnInfo(c).remote.address ?? 'unknown',
      skip: (c) => PROBE_PATHS.has(c.req.path),
      handler: (c) => problem(c, 429, 'Too Many Requests', `More than ${REQUESTS_PER_WINDOW} requests in ${WINDOW_MS / 1000} s from this client.`),
    }),
  );
  // The runtime API has its own limit, with a message the workspace shows.
  app.use(async (c, next) => (c.req.path.startsWith('/api/') ? next() : bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (limited) => problem(limited, 413, 'Content Too Large') })(c, next)));

  app.onError((error, c) => {
    if (error instanceof URIError) return problem(c, 400, 'Bad Request', 'The path is not valid percent-encoding.');
    if (error instanceof HTTPException) return problem(c, error.status as ContentfulStatusCode, error.message || 'Error');
    log.error('request failed', { requestId: c.get('requestId'), method: c.req.method, path: c.req.path, error: error.message });
    return problem(c, 500, 'Internal Server Error', `Reference ${c.get('requestId')} in the server's log.`);
  });
}
