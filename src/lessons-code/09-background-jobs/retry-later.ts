// sample: section "Should a retry hold its worker?" — give the slot back, come back later
import { retryDelay } from './backoff.ts';
import type { Job } from './job.ts';

/** Jobs waiting out a backoff: in no worker's hands, and still the runner's to count and to spill. */
export const waitingToRetry = new Map<string, { job: Job; timer: NodeJS.Timeout }>();

/** After a failed attempt with attempts left: back in line after a jittered delay. */
export function retryLater(job: Job, retryBaseMs: number, requeue: (job: Job) => void): void {
  job.status = 'queued';
  const delayMs = retryDelay(job.attempts, { baseMs: retryBaseMs, capMs: 60_000 });
  const timer = setTimeout(() => {
    waitingToRetry.delete(job.id);
    requeue(job); // the worker that failed it has long taken another job
  }, delayMs);
  waitingToRetry.set(job.id, { job, timer });
}
