/**
 * @module
 * Everything that makes the orders API operable, in front of its routes: this is your work in lab 10.
 */
import type { ServerOptions } from 'node:http';
import type { Hono } from 'hono';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { OrdersEnv } from './orders.ts';

export interface Lifecycle {
  /** True from SIGTERM on: the instance is draining and should get no new traffic. */
  readonly draining: boolean;
}

/**
 * TODO(lab 10): compose the readiness checklist from well-kept middleware — request ids in every log
 * line, problem+json errors without a stack trace, secure headers, a CORS allowlist, a body limit, a
 * request timeout that stops the work, a rate limit that spares the probes, and metrics by route.
 * The lesson's lab brief lists what each must do.
 */
export function installOperations(app: Hono<OrdersEnv>, { config, log, lifecycle }: { config: Config; log: Logger; lifecycle: Lifecycle }): void {
  void config;
  void log;
  app.get('/livez', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => (lifecycle.draining ? c.json({ status: 'draining' }, 503) : c.json({ status: 'ready' })));
}

/** TODO(lab 10): the Node server's own timeouts, for clients that send their request slowly or never finish it. */
export function serverOptions(config: Config): ServerOptions {
  void config;
  return {};
}
