// sample: section "Counters, gauges and histograms" — the lab's three instruments, in a registry of their own
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
const labelNames = ['method', 'route', 'status'] as const;

/** Only ever goes up; Prometheus turns it into a rate. The name ends in _total, as counters' do. */
export const requests = new Counter({
  name: 'http_requests_total',
  help: 'HTTP requests answered, by method, route template and status code.',
  labelNames,
  registers: [registry],
});

/** Counts each duration into buckets, and keeps their sum and count. The unit is in the name: seconds. */
export const duration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Time from receiving an HTTP request to its response, in seconds.',
  labelNames,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

/** Goes up and down: a value now, not a total. */
export const inFlight = new Gauge({
  name: 'http_requests_in_flight',
  help: 'HTTP requests received and not yet answered.',
  registers: [registry],
});
