/**
 * @module
 * Scale-out: grading job ids travel over Redis with BullMQ to `operable cohort worker` processes on any
 * host that shares the database. The job table stays the truth (status, lease, result); BullMQ only
 * delivers. A sweep re-sends jobs that are ready but were never delivered, or whose delivery was lost
 * (Redis restarted, a worker killed), so nothing waits forever; a duplicate delivery finds the job
 * already claimed or graded and does nothing.
 */
import { Queue, Worker } from 'bullmq';
import type { Database } from '../db/database.ts';
import type { JobDispatch } from '../server/env.ts';
import type { GradingWorker, WorkerLog } from '../worker.ts';
import { LEASE_MS, readyJobIds } from './job-table.ts';

export const QUEUE_NAME = 'operable-grading';
const SWEEP_MS = Number(process.env.OPERABLE_SWEEP_MS) || 15_000;

function connection(url: string) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    password: parsed.password || undefined,
    username: parsed.username || undefined,
    db: Number(parsed.pathname.slice(1) || 0),
    // BullMQ's workers block on Redis; a command must wait for a reconnect rather than fail.
    maxRetriesPerRequest: null,
  };
}

export class BullDispatch implements JobDispatch {
  readonly #queue: Queue;
  readonly #sweep: NodeJS.Timeout;
  private readonly db: Database;
  private readonly log: WorkerLog;

  constructor(db: Database, redisUrl: string, log: WorkerLog) {
    this.db = db;
    this.log = log;
    this.#queue = new Queue(QUEUE_NAME, { connection: connection(redisUrl) });
    this.#queue.on('error', (error) => log('Redis unreachable for the grading queue', { error: error.message }));
    this.#sweep = setInterval(() => void this.sweep(), SWEEP_MS);
    void this.sweep();
  }

  async dispatched(jobIds: readonly string[]): Promise<void> {
    try {
      // The grading job's id is BullMQ's job id: adding it twice while it waits adds it once.
      await this.#queue.addBulk(jobIds.map((id) => ({ name: 'grade', data: { jobId: id }, opts: { jobId: id, removeOnComplete: true, removeOnFail: true } })));
    } catch (error) {
      // Stored already: the sweep delivers it when Redis is back.
      this.log('could not hand jobs to BullMQ; the sweep will retry', { error: (error as Error).message });
    }
  }

  /** Re-sends every ready job: cheap, since BullMQ drops the ids it already holds. */
  async sweep(): Promise<void> {
    try {
      const ids = await readyJobIds(this.db);
      if (ids.length) await this.dispatched(ids);
    } catch (error) {
      this.log('sweep failed', { error: (error as Error).message });
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#sweep);
    await this.#queue.close();
  }
}

/** A BullMQ consumer feeding the grading worker; `concurrency` gradings at once. */
export function consumeFromBull(worker: GradingWorker, redisUrl: string, concurrency: number, log: WorkerLog) {
  const consumer = new Worker<{ jobId: string }>(
    QUEUE_NAME,
    async (job) => {
      const graded = await worker.runById(job.data.jobId);
      if (!graded) log('delivery skipped: the job was already graded or is another worker’s', { job: job.data.jobId });
    },
    // A grading can take minutes; the lock is renewed meanwhile, and a killed worker's job is stalled and re-delivered.
    { connection: connection(redisUrl), concurrency, lockDuration: LEASE_MS, stalledInterval: LEASE_MS / 2 },
  );
  consumer.on('error', (error) => log('Redis unreachable for the grading queue', { error: error.message }));
  return consumer;
}
