// sample: section "Workers and concurrency" — the runner's state: every structure in it has a bound
import PQueue from 'p-queue';
import { LRUCache } from 'lru-cache';
import type { Job } from './job.ts';

export interface RunnerOptions {
  /** Jobs waiting for a worker at most; one more is refused. */
  capacity: number;
  /** Jobs running at once. */
  concurrency: number;
  /** Attempts per job, the first included. */
  maxAttempts: number;
  /** The wait before the first retry is up to this; it doubles for each retry after. */
  retryBaseMs: number;
  /** The work itself: it throws to fail an attempt. */
  handler: (payload: unknown, attempt: number) => Promise<void>;
}

export interface Runner {
  options: RunnerOptions;
  /** Starts at most `concurrency` jobs at once; the others wait in it, in order. */
  workers: PQueue;
  /** Jobs not finished, by id: at most capacity + concurrency of them. */
  unfinished: Map<string, Job>;
  /** Finished jobs, for clients that poll and for the dead-letter list: the latest 10,000. */
  finished: LRUCache<string, Job>;
  /** Idempotency-Key → job id: at most 10,000 keys, each for a day. */
  idByKey: LRUCache<string, string>;
  accepting: boolean;
}

export function createRunner(options: RunnerOptions): Runner {
  return {
    options,
    workers: new PQueue({ concurrency: options.concurrency }),
    unfinished: new Map(),
    finished: new LRUCache({ max: 10_000 }),
    idByKey: new LRUCache({ max: 10_000, ttl: 24 * 60 * 60 * 1000 }),
    accepting: true,
  };
}

export function findJob(runner: Runner, id: string): Job | undefined {
  return runner.unfinished.get(id) ?? runner.finished.get(id);
}
