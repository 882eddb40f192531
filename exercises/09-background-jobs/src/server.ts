/**
 * @module
 * The entry point: `node src/server.ts`. Reads its settings, starts the job queue and the HTTP server,
 * and on SIGTERM or SIGINT drains the queue before it exits. Not yours to edit: your work is in
 * src/jobs.ts (the queue) and src/routes.ts (its HTTP face).
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { JobQueue } from './jobs.ts';
import { log } from './log.ts';
import { createRoutes } from './routes.ts';

/** A whole-number setting from the environment, or its default. */
function setting(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) {
    log.error('invalid setting', { name, value: process.env[name] });
    process.exit(1);
  }
  return value;
}

const port = setting('PORT', 3000);
const hostname = process.env.HOST ?? '127.0.0.1';
const shutdownTimeoutMs = setting('SHUTDOWN_TIMEOUT_MS', 10_000);
const spillFile = process.env.JOBS_SPILL_FILE ?? 'jobs-spill.json';

const queue = new JobQueue({
  capacity: setting('QUEUE_CAPACITY', 100),
  concurrency: Math.max(1, setting('WORKER_CONCURRENCY', 4)),
  maxAttempts: Math.max(1, setting('MAX_ATTEMPTS', 5)),
  retryBaseMs: setting('RETRY_BASE_MS', 1000),
  finishedKept: setting('FINISHED_JOBS_KEPT', 1000),
  log,
});

const app = new Hono();
// Liveness only: the process serves. It stays 200 while draining, so the drain is not cut short by a restart.
app.get('/livez', (c) => c.json({ status: 'ok' }));
app.route('/', createRoutes(queue));

// serve() over plain HTTP/1.1 returns a node:http Server.
const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  log.info('listening', { port: info.port, host: hostname });
}) as Server;

let draining = false;

/**
 * The queue stops taking jobs (POST /jobs answers 503), the jobs running finish within the deadline,
 * and the ones never started go to the spill file. The HTTP server keeps answering meanwhile, so
 * clients can still read their jobs' status; it closes once the queue has drained.
 */
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (draining) {
    log.warn('second signal: exiting without waiting', { signal });
    process.exit(1);
  }
  draining = true;
  log.info('shutdown started', { signal, timeoutMs: shutdownTimeoutMs, spillFile });
  const report = await queue.drain({ timeoutMs: shutdownTimeoutMs, spillFile });
  const clean = report.interrupted === 0;
  (clean ? log.info : log.warn)('queue drained', { ...report });
  server.close(() => process.exit(clean ? 0 : 1));
  server.closeIdleConnections();
  // A client holding a connection must not hold the exit.
  setTimeout(() => process.exit(clean ? 0 : 1), 500).unref();
}

process.on('SIGTERM', (signal) => void shutdown(signal));
process.on('SIGINT', (signal) => void shutdown(signal));
