/**
 * @module
 * The entry point: `node src/server.ts`. Reads the configuration, puts operations in front of the
 * orders API, listens on PORT and HOST, and on SIGTERM turns readiness off, drains and exits (lessons
 * 03 and 04).
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { readConfig } from './config.ts';
import { log } from './log.ts';
import { installOperations, serverOptions } from './operations.ts';
import { createOrders, type OrdersEnv } from './orders.ts';

const config = readConfig();
const lifecycle = { draining: false };
const app = new Hono<OrdersEnv>();
installOperations(app, { config, log, lifecycle });
app.route('/', createOrders({ apiKey: config.apiKey }));

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: serverOptions(config) }, (info) => {
  log.info('listening', { port: info.port, host: config.host });
}) as Server;

function stop(signal: NodeJS.Signals): void {
  if (lifecycle.draining) process.exit(1);
  lifecycle.draining = true;
  log.info('shutting down', { signal });
  server.close(() => {
    log.info('shutdown complete');
    process.exit(0);
  });
  server.closeIdleConnections();
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
