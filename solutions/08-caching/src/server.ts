/**
 * @module
 * The entry point: `node src/server.ts`. Reads its settings from the environment, connects to the
 * product store (STORE_URL) and the cache (src/cache.ts: REDIS_URL, L1_TTL_MS, L2_TTL_MS), serves, and
 * on SIGTERM or SIGINT stops taking requests, closes the cache's connections and exits.
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { createProductCache } from './cache.ts';
import { log } from './log.ts';
import { connectStore } from './store.ts';

const env = (name: string, fallback: string) => process.env[name] || fallback;
const port = Number(env('PORT', '3000'));
const hostname = env('HOST', '127.0.0.1');

const store = connectStore(env('STORE_URL', 'http://127.0.0.1:5434'));
const cache = createProductCache({
  redisUrl: process.env.REDIS_URL || undefined,
  l1TtlMs: Number(env('L1_TTL_MS', '5000')),
  l2TtlMs: Number(env('L2_TTL_MS', '30000')),
  log,
});

const server = serve({ fetch: createApp({ store, cache, log }).fetch, port, hostname }, (info) => {
  log.info('listening', { port: info.port, host: hostname, redis: process.env.REDIS_URL ? 'REDIS_URL' : 'in-memory stand-in (ioredis-mock)' });
}) as Server;

let stopping = false;
function stop(signal: NodeJS.Signals): void {
  if (stopping) process.exit(1);
  stopping = true;
  log.info('shutting down', { signal });
  server.close(() => {
    void cache.close().finally(() => {
      log.info('shutdown complete');
      process.exit(0);
    });
  });
  server.closeIdleConnections();
  setTimeout(() => process.exit(1), 5000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
