/**
 * @module
 * Starting the cohort server: open and migrate the database, start grading (one in-process worker in
 * the embedded mode; with Redis, jobs go to BullMQ for `operable cohort worker` processes), serve HTTP,
 * and on SIGTERM stop taking requests and work, finish what is in progress, and close.
 */
import { serve, type ServerType } from '@hono/node-server';
import { assertSchemaKnown, migrate } from './db/migrations.ts';
import { openDatabase, type Database } from './db/database.ts';
import { createCohortApp } from './server/app.ts';
import type { JobDispatch } from './server/env.ts';
import { GradingWorker, type WorkerLog } from './worker.ts';
import type { SandboxMode } from '../engine/node/node-harness.ts';

export interface ServeOptions {
  database: string;
  host: string;
  port: number;
  /** Redis for BullMQ: grading then happens in `operable cohort worker` processes, not here. */
  redis?: string;
  allowedOrigins: string[];
  trustProxy: boolean;
  publicUrl?: string;
  workerConcurrency?: number;
  sandbox?: SandboxMode;
  log: WorkerLog;
}

export interface RunningCohortServer {
  url: string;
  db: Database;
  close(): Promise<void>;
}

export async function startCohortServer(options: ServeOptions): Promise<RunningCohortServer> {
  const db = await openDatabase(options.database);
  const applied = await migrate(db);
  await assertSchemaKnown(db);
  if (applied.length) options.log('database migrated', { versions: applied, database: db.location });

  let dispatch: JobDispatch;
  let stopGrading: () => Promise<void>;
  if (options.redis) {
    const { BullDispatch } = await import('./queue/bullmq.ts');
    const bull = new BullDispatch(db, options.redis, options.log);
    dispatch = bull;
    stopGrading = () => bull.close();
  } else {
    const worker = new GradingWorker({ db, concurrency: options.workerConcurrency, sandbox: options.sandbox, log: options.log });
    worker.start();
    dispatch = { dispatched: async () => worker.wake() };
    stopGrading = () => worker.stop();
  }

  const app = createCohortApp(
    { db, dispatch, allowedOrigins: options.allowedOrigins, trustProxy: options.trustProxy, publicUrl: options.publicUrl },
    options.log,
  );
  let server: ServerType;
  try {
    server = await new Promise((resolve, reject) => {
      const started = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () => resolve(started));
      started.once('error', reject);
    });
  } catch (error) {
    // Not listening (a port in use): stop what started, so the process can exit with the message.
    await stopGrading();
    await db.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  options.log('cohort server listening', { url, database: db.location, grading: options.redis ? 'BullMQ workers' : 'in-process worker' });

  let closing: Promise<void> | undefined;
  return {
    url,
    db,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await stopGrading();
        await db.close();
      })()),
  };
}
