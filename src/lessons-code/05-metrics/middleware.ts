// sample: section "Measuring every request" — the middleware, with the instruments and routeOf() above
import type { MiddlewareHandler } from 'hono';
import { duration, inFlight, requests } from './instruments.ts';
import { routeOf } from './route-label.ts';

export const measure: MiddlewareHandler = async function measure(c, next) {
  const started = performance.now();
  inFlight.inc();
  try {
    await next();
  } finally {
    // After next(), Hono has run the handler and, if it threw, app.onError: c.res is the real answer.
    inFlight.dec();
    const labels = { method: c.req.method, route: routeOf(c), status: String(c.res.status) };
    requests.inc(labels);
    duration.observe(labels, (performance.now() - started) / 1000); // seconds, the histogram's unit
  }
};
