// sample: section "The same runner on BullMQ" — the queue in Redis, the workers in any process
import { createHash } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { retryDelay } from './backoff.ts';
import type { JobStatus } from './job.ts';
import type { RunnerOptions } from './runner.ts';

export type DurableAdmission =
  | { accepted: string; repeat: boolean }
  | { refused: 'full'; retryAfterSeconds: number };

export function createDurableRunner(redisUrl: string, name: string, options: RunnerOptions) {
  // Workers block on Redis while they wait for jobs: BullMQ wants no per-command retry limit there.
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue(name, { connection });

  const worker = new Worker(name, (job) => options.handler(job.data, job.attemptsMade + 1), {
    connection,
    concurrency: options.concurrency, // per process: two processes run twice as many
    // The same full-jitter policy as in process; BullMQ asks it how long to wait before each retry.
    settings: {
      backoffStrategy: (failures: number) => retryDelay(failures, { baseMs: options.retryBaseMs, capMs: 60_000 }),
    },
  });

  async function submit(payload: unknown, idempotencyKey?: string): Promise<DurableAdmission> {
    // The key becomes the job id: Redis holds one job per id, whichever instance is asked.
    const jobId = idempotencyKey && `key-${createHash('sha256').update(idempotencyKey).digest('hex')}`;
    const existing = jobId ? await queue.getJob(jobId) : undefined;
    if (existing?.id) return { accepted: existing.id, repeat: true };

    // Approximate across instances (two can read 99 and both add), which is enough for backpressure.
    const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
    const unfinished = Object.values(counts).reduce((sum, n) => sum + n, 0);
    if (unfinished >= options.capacity) {
      return { refused: 'full', retryAfterSeconds: 1 + Math.floor(Math.random() * 3) };
    }

    const job = await queue.add('job', payload, {
      jobId,
      attempts: options.maxAttempts,
      backoff: { type: 'custom' },
      removeOnComplete: { count: 10_000 }, // finished jobs are bounded here too
      removeOnFail: { count: 10_000 }, // the failed set is the dead-letter list
    });
    return { accepted: job.id!, repeat: false };
  }

  async function status(id: string) {
    const job = await queue.getJob(id);
    if (!job) return undefined;
    const state = await job.getState();
    // BullMQ's states, in the words of GET /jobs/:id; waiting, delayed and prioritized are all "queued".
    const names: Record<string, JobStatus> = { completed: 'succeeded', active: 'running', failed: 'failed' };
    const error = job.failedReason ? { error: job.failedReason } : {};
    return { id, status: names[state] ?? 'queued', attempts: job.attemptsMade, ...error };
  }

  /** SIGTERM: finish the jobs this process holds. Jobs not started stay in Redis for the next worker. */
  async function close(): Promise<void> {
    await worker.close(); // waits for running jobs; takes no new ones
    await queue.close();
  }

  return { queue, worker, submit, status, close };
}
