/**
 * @module
 * `operable cohort …`: run an instructor's cohort server and its grading workers.
 *
 *   operable cohort serve [--database FILE|URL] [--host H] [--port P] [--redis URL] [--origin URL]… [--public-url URL] [--trust-proxy]
 *   operable cohort worker --database FILE|URL [--redis URL] [--concurrency N]
 *   operable cohort add-instructor --email E --name N [--database FILE|URL]   (password from OPERABLE_INSTRUCTOR_PASSWORD or stdin)
 *   operable cohort backup --to FILE [--database FILE]
 */
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { existsSync } from 'node:fs';
import { openDatabase } from '../cohort/db/database.ts';
import { assertSchemaKnown, migrate } from '../cohort/db/migrations.ts';
import { createInstructor } from '../cohort/store/accounts.ts';
import { passwordProblem } from '../cohort/secrets.ts';
import { startCohortServer } from '../cohort/serve.ts';
import { DEFAULT_WORKER_CONCURRENCY, GradingWorker } from '../cohort/worker.ts';

export const COHORT_USAGE = `  operable cohort serve [--database FILE|URL] [--port 4400] [--host 127.0.0.1] [--redis URL]
                        [--origin URL]… [--public-url URL] [--trust-proxy] [--concurrency N] [--no-sandbox]
                                         run a cohort server (default database: ./operable-cohort.sqlite,
                                         or DATABASE_URL; with --redis, grading goes to cohort workers)
  operable cohort worker --database FILE|URL [--redis URL] [--concurrency N]
                                         grade a cohort server's submissions in another process or host
                                         (from BullMQ with --redis, else from the database's job table)
  operable cohort add-instructor --email E --name N [--database FILE|URL]
                                         add an instructor (password: OPERABLE_INSTRUCTOR_PASSWORD or stdin)
  operable cohort backup --to FILE [--database FILE]
                                         a consistent copy of the embedded database (PostgreSQL: pg_dump)`;

export class CohortUsageError extends Error {}

const DEFAULT_DATABASE = 'operable-cohort.sqlite';

function log(msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ level: 'info', msg, time: new Date().toISOString(), ...fields })}\n`);
}

function database(value: string | undefined): string {
  return value ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE;
}

function concurrency(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new CohortUsageError(`--concurrency must be a whole number from 1 to 64, not "${value}".`);
  return n;
}

/** Resolves on the first SIGINT or SIGTERM. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      database: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '4400' },
      redis: { type: 'string' },
      origin: { type: 'string', multiple: true },
      'public-url': { type: 'string' },
      'trust-proxy': { type: 'boolean', default: false },
      concurrency: { type: 'string' },
      'no-sandbox': { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CohortUsageError(`--port must be a port number, not "${values.port}".`);
  const origins = values.origin ?? (process.env.COHORT_ALLOWED_ORIGINS?.split(',').map((origin) => origin.trim()) || ['http://localhost:4321']);
  const stopped = stopSignal();
  let server;
  try {
    server = await startCohortServer({
      database: database(values.database),
      host: values.host,
      port,
      redis: values.redis ?? process.env.REDIS_URL,
      allowedOrigins: origins,
      trustProxy: values['trust-proxy'] || process.env.TRUST_PROXY === 'true',
      publicUrl: values['public-url'],
      workerConcurrency: concurrency(values.concurrency),
      sandbox: values['no-sandbox'] ? 'off' : 'required',
      log,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CohortUsageError(`Port ${port} is in use: pass another with --port.`);
    throw error;
  }
  process.stderr.write(`Cohort server on ${server.url} — instructors sign in at ${server.url}/login. Ctrl-C stops it.\n`);
  const signal = await stopped;
  log('stopping', { signal });
  await server.close();
  return 0;
}

async function workerCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { database: { type: 'string' }, redis: { type: 'string' }, concurrency: { type: 'string' }, 'no-sandbox': { type: 'boolean', default: false } } });
  const url = values.database ?? process.env.DATABASE_URL;
  const redis = values.redis ?? process.env.REDIS_URL;
  if (!url) throw new CohortUsageError('Which database? Pass --database with the cohort server’s (its SQLite file, or its DATABASE_URL).');
  const db = await openDatabase(url);
  await migrate(db);
  await assertSchemaKnown(db);
  const slots = concurrency(values.concurrency) ?? DEFAULT_WORKER_CONCURRENCY;
  const worker = new GradingWorker({ db, concurrency: slots, sandbox: values['no-sandbox'] ? 'off' : 'required', log });
  // With Redis, BullMQ delivers the jobs; without, the worker takes them from the job table itself
  // (a second grading process beside an embedded server on one host, or any host on PostgreSQL).
  let stopTaking: () => Promise<void>;
  if (redis) {
    const { consumeFromBull } = await import('../cohort/queue/bullmq.ts');
    const consumer = consumeFromBull(worker, redis, slots, log);
    stopTaking = () => consumer.close();
  } else {
    worker.start();
    stopTaking = () => worker.stop();
  }
  log('cohort worker started', { worker: worker.name, concurrency: slots, database: db.location, jobsFrom: redis ? 'BullMQ' : 'the job table' });
  const signal = await stopSignal();
  log('stopping: finishing the gradings in progress', { signal, busy: worker.busy });
  await stopTaking();
  await db.close();
  return 0;
}

async function readPassword(): Promise<string> {
  if (process.env.OPERABLE_INSTRUCTOR_PASSWORD) return process.env.OPERABLE_INSTRUCTOR_PASSWORD;
  const prompt = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  if (process.stdin.isTTY) process.stderr.write('Password (at least 12 characters; shown as you type — or set OPERABLE_INSTRUCTOR_PASSWORD): ');
  const line = await prompt[Symbol.asyncIterator]().next();
  prompt.close();
  return typeof line.value === 'string' ? line.value : '';
}

async function addInstructorCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { database: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } } });
  if (!values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email)) throw new CohortUsageError('Pass the instructor’s email with --email.');
  if (!values.name?.trim()) throw new CohortUsageError('Pass the instructor’s name with --name.');
  const password = await readPassword();
  const problem = passwordProblem(password);
  if (problem) throw new CohortUsageError(`That password will not do: ${problem}`);
  const db = await openDatabase(database(values.database));
  try {
    await migrate(db);
    await createInstructor(db, { email: values.email, name: values.name, password });
  } catch (error) {
    if (/unique|duplicate/i.test((error as Error).message)) throw new CohortUsageError(`There is already an instructor with the email ${values.email}.`);
    throw error;
  } finally {
    await db.close();
  }
  process.stdout.write(`Instructor ${values.email} added to ${database(values.database)}.\n`);
  return 0;
}

async function backupCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { database: { type: 'string' }, to: { type: 'string' } } });
  const source = database(values.database);
  if (/^postgres/.test(source)) throw new CohortUsageError('For PostgreSQL, back up with pg_dump: `pg_dump "$DATABASE_URL" > cohort.sql`.');
  if (!values.to) throw new CohortUsageError('Where to? Pass --to FILE.');
  if (existsSync(values.to)) throw new CohortUsageError(`${values.to} exists: choose a new file, a backup never overwrites one.`);
  if (!existsSync(source)) throw new CohortUsageError(`There is no database at ${source}.`);
  const db = await openDatabase(source);
  // VACUUM INTO: a consistent snapshot, even while the server writes (a plain copy could catch a half-written WAL).
  await db.run(`VACUUM INTO '${values.to.replaceAll("'", "''")}'`);
  await db.close();
  process.stdout.write(`Backed up ${source} to ${values.to}. Restore by starting the server with --database ${values.to}.\n`);
  return 0;
}

export async function cohortCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'serve':
      return serveCommand(rest);
    case 'worker':
      return workerCommand(rest);
    case 'add-instructor':
      return addInstructorCommand(rest);
    case 'backup':
      return backupCommand(rest);
    default:
      throw new CohortUsageError(sub ? `Unknown cohort command "${sub}".` : 'Which cohort command? serve, worker, add-instructor or backup.');
  }
}
