// sample: lesson 10, "Security" and "CORS": two middleware, configured, not written.
import type { Hono } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../../../exercises/10-readiness-checklist/src/config.ts';
import type { OrdersEnv } from '../../../exercises/10-readiness-checklist/src/orders.ts';

export function installSecurity(app: Hono<OrdersEnv>, config: Config): void {
  // nosniff, X-Frame-Options SAMEORIGIN, Referrer-Policy no-referrer, HSTS, and X-Powered-By removed.
  app.use(secureHeaders());
  // An allowlist from the configuration (CORS_ORIGINS=https://shop.example,https://admin.example).
  // An origin not on it gets no Access-Control-Allow-Origin of its own, so the browser hides the answer.
  app.use(cors({ origin: config.corsOrigins, credentials: true }));
}
