/**
 * @module
 * The job queue (reference solution of lab 09): bounded, worked by a fixed number of workers, each
 * failing job retried with exponential backoff and full jitter, and drained on shutdown with the jobs
 * never started written to a spill file.
 *
 * p-queue runs the jobs with a concurrency limit; exponential-backoff retries an attempt. A retry keeps
 * its worker while it waits, so WORKER_CONCURRENCY also bounds the work in progress and a flood of
 * failing jobs cannot hammer a dependency that is already down. Memory is bounded throughout: at most
 * QUEUE_CAPACITY jobs wait, WORKER_CONCURRENCY run, and FINISHED_JOBS_KEPT finished ones are kept
 * (the least recently read forgotten first).
 */
import { randomUUID } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { backOff } from 'exponential-backoff';
import { LRUCache } from 'lru-cache';
import PQueue from 'p-queue';
import type { Logger } from './log.ts';
import { type JobPayload, performJob } from './work.ts';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface Job {
  id: string;
  status: JobStatus;
  /** Attempts started so far. */
  attempts: number;
  payload: JobPayload;
  idempotencyKey?: string;
  /** Why the last attempt failed. */
  error?: string;
}

export interface JobQueueOptions {
  /** Jobs that may wait for a worker; one more is refused. */
  capacity: number;
  /** Jobs worked on at once. */
  concurrency: number;
  /** Attempts per job, the first included. */
  maxAttempts: number;
  /** The backoff before the first retry may be up to this; it doubles for each retry after. */
  retryBaseMs: number;
  /** Finished jobs (succeeded or failed) kept for clients to read; older ones are forgotten. */
  finishedKept: number;
  log: Logger;
}

/** What became of a submitted job: accepted (or found again by its idempotency key), or refused. */
export type Submission =
  | { kind: 'accepted'; job: Job; repeated: boolean }
  | { kind: 'refused'; reason: 'full' | 'draining'; retryAfterSeconds: number };

export interface DrainOptions {
  /** How long the jobs running may take to finish; past it they are spilled too. */
  timeoutMs: number;
  /** Where the jobs not done are written, as JSON, for the next start to pick up. */
  spillFile: string;
}

export interface DrainReport {
  /** Jobs that finished during the drain. */
  finished: number;
  /** Jobs written to the spill file. */
  spilled: number;
  /** Jobs still running at the deadline (spilled too, to be run again). */
  interrupted: number;
}

/** A full queue frees a place as soon as a worker takes the next job: a second is a fair guess. */
const RETRY_AFTER_SECONDS = 1;

export class JobQueue {
  readonly #options: JobQueueOptions;
  readonly #workers: PQueue;
  /** Jobs queued or running: bounded by the capacity and the workers. */
  readonly #active = new Map<string, Job>();
  /** Jobs done: bounded by FINISHED_JOBS_KEPT, or a service that runs for months keeps every job it ever ran. */
  readonly #finished: LRUCache<string, Job>;
  /** The job of each idempotency key, for as long as the job is known. */
  readonly #idByKey = new Map<string, string>();
  #draining = false;

  constructor(options: JobQueueOptions) {
    this.#options = options;
    this.#workers = new PQueue({ concurrency: options.concurrency });
    this.#finished = new LRUCache<string, Job>({
      max: Math.max(1, options.finishedKept),
      dispose: (job) => {
        if (job.idempotencyKey !== undefined) this.#idByKey.delete(job.idempotencyKey);
      },
    });
  }

  /** Accepts a job unless the queue is full or draining; a known idempotency key returns its job. */
  submit(payload: JobPayload, idempotencyKey?: string): Submission {
    const known = idempotencyKey === undefined ? undefined : this.get(this.#idByKey.get(idempotencyKey) ?? '');
    if (known !== undefined) return { kind: 'accepted', job: known, repeated: true };
    if (this.#draining) return { kind: 'refused', reason: 'draining', retryAfterSeconds: RETRY_AFTER_SECONDS };
    // p-queue's size counts the jobs waiting for a worker: the memory a flood could grow.
    if (this.#workers.size >= this.#options.capacity) {
      return { kind: 'refused', reason: 'full', retryAfterSeconds: RETRY_AFTER_SECONDS };
    }
    const job: Job = { id: randomUUID(), status: 'queued', attempts: 0, payload, idempotencyKey };
    this.#active.set(job.id, job);
    if (idempotencyKey !== undefined) this.#idByKey.set(idempotencyKey, job.id);
    void this.#workers.add(() => this.#work(job));
    return { kind: 'accepted', job, repeated: false };
  }

  get(id: string): Job | undefined {
    return this.#active.get(id) ?? this.#finished.get(id);
  }

  /** Every job, or those with one status (`failed`: the dead-letter list). */
  list(status?: JobStatus): Job[] {
    const jobs = [...this.#active.values(), ...this.#finished.values()];
    return status === undefined ? jobs : jobs.filter((job) => job.status === status);
  }

  async #work(job: Job): Promise<void> {
    const { maxAttempts, retryBaseMs, log } = this.#options;
    job.status = 'running';
    try {
      await backOff(
        () => {
          job.attempts += 1;
          return performJob(job.id, job.payload, job.attempts);
        },
        {
          numOfAttempts: maxAttempts,
          startingDelay: retryBaseMs,
          timeMultiple: 2,
          // Full jitter: a random wait from 0 to the exponential cap, so jobs that failed together do
          // not all come back together.
          jitter: 'full',
          retry: (error: Error, attempt: number) => {
            job.error = error.message;
            if (attempt < maxAttempts) log.warn('job attempt failed: retrying', { jobId: job.id, attempt, error: error.message });
            return true;
          },
        },
      );
      job.status = 'succeeded';
      job.error = undefined;
      log.info('job succeeded', { jobId: job.id, attempts: job.attempts });
    } catch (error) {
      job.status = 'failed';
      job.error = (error as Error).message;
      log.error('job failed: giving up', { jobId: job.id, attempts: job.attempts, error: job.error });
    }
    this.#active.delete(job.id);
    this.#finished.set(job.id, job);
  }

  /**
   * Stops taking jobs, writes those never started to the spill file at once (the orchestrator may
   * kill the process before the deadline), lets the running ones finish within the deadline, and
   * spills those still running then too.
   */
  async drain({ timeoutMs, spillFile }: DrainOptions): Promise<DrainReport> {
    this.#draining = true;
    this.#workers.pause();
    this.#workers.clear();
    const neverStarted = this.list('queued');
    const running = this.list('running');
    writeSpill(spillFile, neverStarted);
    this.#options.log.info('draining', { running: running.length, spilled: neverStarted.length, timeoutMs });

    // Every running job deserves to finish, however long it takes.
    const inTime = await this.#workers.onPendingZero().then(() => true);
    const interrupted = inTime ? [] : this.list('running');
    if (interrupted.length > 0) writeSpill(spillFile, [...neverStarted, ...interrupted]);
    return { finished: running.length - interrupted.length, spilled: neverStarted.length + interrupted.length, interrupted: interrupted.length };
  }
}

/** Writes the jobs as JSON, through a temporary file and a rename: a crash mid-write leaves no half file. */
function writeSpill(file: string, jobs: Job[]): void {
  const spilled = jobs.map(({ id, payload, attempts, idempotencyKey }) => ({ id, payload, attempts, idempotencyKey }));
  writeFileSync(`${file}.tmp`, `${JSON.stringify({ jobs: spilled }, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
