/**
 * @module
 * The entry point: `node src/server.ts`. Serves the orders API on PORT and HOST, calling the inventory
 * at INVENTORY_URL, and on SIGTERM stops accepting connections, lets the requests in flight finish,
 * and exits.
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { log } from './log.ts';
import { createTracing } from './tracing.ts';

const env = (name: string, fallback: string) => process.env[name] || fallback;
const port = Number(env('PORT', '3000'));
const hostname = env('HOST', '127.0.0.1');
const inventoryUrl = env('INVENTORY_URL', 'http://127.0.0.1:5435');

const tracing = createTracing();
const app = createApp({ tracing, inventoryUrl, log });

const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  log.info('listening', { port: info.port, host: hostname });
}) as Server;

let stopping = false;
function stop(signal: NodeJS.Signals): void {
  if (stopping) process.exit(1);
  stopping = true;
  log.info('shutting down', { signal });
  server.close(() => {
    // TODO(lab 06): the spans of the last requests are still in memory here.
    log.info('shutdown complete');
    process.exit(0);
  });
  server.closeIdleConnections();
  setTimeout(() => process.exit(1), 5000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
