/**
 * @module
 * The entry point: `node src/server.ts`. Serves the catalogue API with its rate limits on PORT and
 * HOST, and on SIGTERM stops accepting connections, lets the requests in flight finish, and exits.
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { log } from './log.ts';
import { createMetrics } from './metrics.ts';
import { createRateLimits } from './rate-limit.ts';

const config = loadConfig();
const limits = createRateLimits(config);
const metrics = createMetrics({ trackedClients: () => limits.trackedClients() });
const app = createApp({ limits, metrics, log });

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  log.info('listening', { port: info.port, host: config.host, trustProxy: config.trustProxy, limits: config.limits });
}) as Server;

let stopping = false;
function stop(signal: NodeJS.Signals): void {
  if (stopping) process.exit(1);
  stopping = true;
  log.info('shutting down', { signal });
  server.close(() => {
    log.info('shutdown complete');
    process.exit(0);
  });
  server.closeIdleConnections();
  setTimeout(() => process.exit(1), 5000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
