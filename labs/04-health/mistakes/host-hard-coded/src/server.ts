/**
 * @module
 * The entry point: `node src/server.ts`. Starts listening at once, finishes its start-up work in the
 * background (WARMUP_MS), and on SIGTERM keeps serving for SHUTDOWN_DELAY_MS while readiness says
 * "stop routing to me", then closes and exits.
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { connectDatabase } from './db.ts';
import { createHealth } from './health.ts';
import { log } from './log.ts';

const env = (name: string, fallback: string) => process.env[name] || fallback;
const port = Number(env('PORT', '3000'));
const hostname = 'localhost';
const warmupMs = Number(env('WARMUP_MS', '0'));
const shutdownDelayMs = Number(env('SHUTDOWN_DELAY_MS', '5000'));

const health = createHealth({
  db: connectDatabase(env('DB_URL', 'http://127.0.0.1:5433')),
  timeoutMs: Number(env('READINESS_TIMEOUT_MS', '500')),
  cacheMs: Number(env('READINESS_CACHE_MS', '1000')),
  log,
});

const server = serve({ fetch: createApp(health).fetch, port, hostname }, (info) => {
  log.info('listening', { port: info.port, host: hostname });
  // Stands in for real start-up work: loading a cache, running migrations, opening pools.
  setTimeout(() => {
    health.markReady();
    log.info('warm-up complete', { warmupMs });
  }, warmupMs);
}) as Server;

let stopping = false;
function stop(signal: NodeJS.Signals): void {
  if (stopping) process.exit(1);
  stopping = true;
  health.markDraining();
  log.info('draining: readiness now fails, still serving', { signal, shutdownDelayMs });
  setTimeout(() => {
    server.close(() => {
      log.info('shutdown complete');
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 5000).unref();
  }, shutdownDelayMs);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
