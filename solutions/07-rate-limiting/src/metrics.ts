/**
 * @module
 * The service's metrics in the Prometheus text format: requests by method, route template and status
 * (429s included, so a dashboard shows what the limiter refuses), their duration, requests in flight,
 * login attempts that reached the login handler, the clients the limiter keeps state for, and the
 * process's own CPU and memory.
 */
import type { Context, Handler, MiddlewareHandler, Next } from 'hono';
import { routePath } from 'hono/route';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  /** Runs around every request, limited ones included. */
  middleware: MiddlewareHandler;
  /** Answers GET /metrics. */
  handler: Handler;
  /** Called by the login handler each time it checks a password. */
  loginAttempted(outcome: 'success' | 'failure'): void;
}

const METRICS_PATH = '/metrics';
const UNMATCHED = 'unmatched';

/** `trackedClients` reads how many clients the rate limiter holds state for, at each scrape. */
export function createMetrics({ trackedClients }: { trackedClients: () => number }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by method, route template and status code.', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to its response, in seconds.',
    labelNames,
    registers: [registry],
  });
  const inFlight = new Gauge({ name: 'http_requests_in_flight', help: 'HTTP requests received and not yet answered.', registers: [registry] });
  const loginAttempts = new Counter({
    name: 'login_attempts_total',
    help: 'Passwords the login handler checked, by outcome: requests the rate limiter refused never get here.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'rate_limit_tracked_clients',
    help: 'Clients the rate limiter holds state for right now, across its policies.',
    registers: [registry],
    collect() {
      this.set(trackedClients());
    },
  });
  // Known before any attempt, so a scrape shows 0 rather than nothing.
  loginAttempts.inc({ outcome: 'success' }, 0);
  loginAttempts.inc({ outcome: 'failure' }, 0);

  async function middleware(c: Context, next: Next): Promise<void> {
    if (c.req.path === METRICS_PATH) return next();
    const started = performance.now();
    inFlight.inc();
    try {
      await next();
    } finally {
      inFlight.dec();
      const route = routePath(c, -1);
      const labels = { method: c.req.method, route: route === routePath(c, 0) ? UNMATCHED : route, status: String(c.res.status) };
      requests.inc(labels);
      duration.observe(labels, (performance.now() - started) / 1000);
    }
  }

  async function handler(c: Context): Promise<Response> {
    return c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType });
  }

  return { middleware, handler, loginAttempted: (outcome) => loginAttempts.inc({ outcome }) };
}
