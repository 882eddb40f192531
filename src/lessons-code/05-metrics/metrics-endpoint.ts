// sample: section "Exposing /metrics" — the endpoint, and the header that says which format it speaks
import type { Context } from 'hono';
import { collectDefaultMetrics } from 'prom-client';
import { registry } from './instruments.ts';

// Once, at start-up: CPU, memory, heap, event-loop lag, GC, handles, into the same registry.
collectDefaultMetrics({ register: registry });

export async function metricsHandler(c: Context): Promise<Response> {
  // registry.contentType is "text/plain; version=0.0.4; charset=utf-8": the text format, version 0.0.4.
  return c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType });
}
