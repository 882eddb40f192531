/**
 * @module
 * The service's metrics, in the Prometheus text format: RED for the requests it serves (rate, errors,
 * duration, by method, route template and status), requests in flight, and USE for the process
 * (CPU, memory, event-loop lag) from prom-client's default metrics.
 */
import type { Context, Next } from 'hono';
import { routePath } from 'hono/route';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Metrics } from './app.ts';

/** Scrapes are not traffic: counting them would make every idle service look busy. */
const METRICS_PATH = '/metrics';
/**
 * Upper bounds in seconds, from a 5 ms cache hit to a 10 s timeout, denser where web latencies and
 * their objectives live (25 ms to 1 s): a percentile is only as precise as the buckets around it.
 */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(): Metrics {
  // A registry of our own, made once: every metric below lives as long as the process.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code.',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to its response, in seconds, by method, route template and status code.',
    labelNames,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'http_requests_in_flight',
    help: 'HTTP requests received and not yet answered.',
    registers: [registry],
  });

  async function middleware(c: Context, next: Next): Promise<void> {
    if (c.req.path === METRICS_PATH) return next();
    const started = performance.now();
    inFlight.inc();
    try {
      await next();
    } finally {
      // Hono has run the handler and, if it threw, the error handler: c.res is what the client gets.
      inFlight.dec();
      const labels = { method: c.req.method, route: routeOf(c), status: String(c.res.status) };
      requests.inc(labels);
      duration.observe(labels, (performance.now() - started) / 1000);
    }
  }

  async function handler(c: Context): Promise<Response> {
    return c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType });
  }

  return { middleware, handler };
}

/**
 * The template of the route that answered (`/users/:id`), never the path (`/users/42`): one series per
 * route however many ids there are. The last route Hono matched is the handler's; when it is this
 * middleware's own (`*`), no route matched.
 */
function routeOf(c: Context): string {
  return routePath(c, -1);
}
