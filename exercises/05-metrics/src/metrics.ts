/**
 * @module
 * The service's metrics: this is your work in lab 05.
 */
import type { Context, Next } from 'hono';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Metrics } from './app.ts';

/**
 * TODO(lab 05): the process's own metrics are there, but nothing measures the requests, and /metrics
 * does not say which exposition format it speaks. The lesson's lab brief says what to build.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  async function middleware(c: Context, next: Next): Promise<void> {
    await next();
  }

  async function handler(c: Context): Promise<Response> {
    return c.text(await registry.metrics());
  }

  return { middleware, handler };
}
