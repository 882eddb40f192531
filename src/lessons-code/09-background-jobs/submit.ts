// sample: section "Bounded queues and backpressure" — admit a job, or say why not
import { randomUUID } from 'node:crypto';
import { findJob, type Runner } from './runner.ts';
import { enqueue } from './workers.ts';
import type { Job } from './job.ts';

export type Admission =
  | { accepted: Job; repeat: boolean }
  | { refused: 'full' | 'draining'; retryAfterSeconds: number };

export function submit(runner: Runner, payload: unknown, idempotencyKey?: string): Admission {
  // A repeat gets the job it already made, even when the queue is full: it adds nothing to it.
  const knownId = idempotencyKey === undefined ? undefined : runner.idByKey.get(idempotencyKey);
  const known = knownId === undefined ? undefined : findJob(runner, knownId);
  if (known) return { accepted: known, repeat: true };

  if (!runner.accepting) return { refused: 'draining', retryAfterSeconds: 5 };
  // The bound: p-queue's size is the jobs waiting for a worker, the part a flood would grow.
  if (runner.workers.size >= runner.options.capacity) {
    return { refused: 'full', retryAfterSeconds: retryAfter() };
  }

  const job: Job = { id: randomUUID(), payload, status: 'queued', attempts: 0, idempotencyKey };
  runner.unfinished.set(job.id, job);
  if (idempotencyKey !== undefined) runner.idByKey.set(idempotencyKey, job.id);
  enqueue(runner, job);
  return { accepted: job, repeat: false };
}

/** A few seconds, spread out: clients refused together should not all come back in the same second. */
function retryAfter(): number {
  return 1 + Math.floor(Math.random() * 3); // 1 to 3
}
