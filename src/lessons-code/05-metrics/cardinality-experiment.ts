// sample: section "Labels and cardinality" — the experiment; run it with node
import { Counter, Histogram, Registry } from 'prom-client';

/** The lab's two RED metrics in a registry of their own, fed one request to each of /users/1…/users/500. */
async function afterFiveHundredUsers(routeOf: (id: number) => string) {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'http_requests_total', help: 'Requests', labelNames, registers: [registry] });
  const duration = new Histogram({ name: 'http_request_duration_seconds', help: 'Duration', labelNames, registers: [registry] });
  for (let id = 1; id <= 500; id++) {
    const labels = { method: 'GET', route: routeOf(id), status: id <= 100 ? '200' : '404' };
    requests.inc(labels);
    duration.observe(labels, 0.004);
  }
  const text = await registry.metrics();
  const series = text.split('\n').filter((line) => line && !line.startsWith('#')).length;
  return `${String(series).padStart(5)} series, ${String(Buffer.byteLength(text)).padStart(7)} bytes a scrape`;
}

console.log('raw path:      ', await afterFiveHundredUsers((id) => `/users/${id}`));
console.log('route template:', await afterFiveHundredUsers(() => '/users/:id'));
