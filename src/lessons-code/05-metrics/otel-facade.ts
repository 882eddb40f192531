// sample: section "A facade or an implementation" — the same RED instruments through OpenTelemetry's metrics API
import { metrics } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { routeOf } from './route-label.ts';

// The API only: until the application registers an SDK MeterProvider, every call below is a no-op.
const meter = metrics.getMeter('shop');

// Names and attributes from OpenTelemetry's HTTP semantic conventions, so every backend recognises them.
const duration = meter.createHistogram('http.server.request.duration', {
  unit: 's',
  description: 'Duration of HTTP server requests.',
  // The SDK's default boundaries (0, 5, 10, 25 … 10000) are meant for milliseconds: give seconds their own.
  advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] },
});
const active = meter.createUpDownCounter('http.server.active_requests', { unit: '{request}' });

export const measure: MiddlewareHandler = async function measure(c, next) {
  const started = performance.now();
  active.add(1, { 'http.request.method': c.req.method });
  try {
    await next();
  } finally {
    active.add(-1, { 'http.request.method': c.req.method });
    duration.record((performance.now() - started) / 1000, {
      'http.request.method': c.req.method,
      'http.route': routeOf(c),
      'http.response.status_code': c.res.status,
    });
  }
};
