// sample: section "Workers and concurrency" — a job in a worker's slot, its retries included
import { backOff } from 'exponential-backoff';
import type { Job } from './job.ts';
import type { Runner } from './runner.ts';

/** Puts a job in line; p-queue starts it when fewer than `concurrency` jobs run. */
export function enqueue(runner: Runner, job: Job): void {
  void runner.workers.add(() => work(runner, job));
}

async function work(runner: Runner, job: Job): Promise<void> {
  const { maxAttempts, retryBaseMs, handler } = runner.options;
  job.status = 'running';
  try {
    await backOff(() => handler(job.payload, ++job.attempts), {
      numOfAttempts: maxAttempts,
      startingDelay: retryBaseMs, // the first retry waits up to this, the next up to twice as long…
      timeMultiple: 2,
      maxDelay: 60_000,
      jitter: 'full', // …anywhere from 0 to that ceiling
      retry: (error: Error) => {
        job.error = error.message;
        return runner.accepting; // draining: stop retrying here; the job is spilled (see drain.ts)
      },
    });
    job.status = 'succeeded';
    job.error = undefined;
  } catch (error) {
    job.error = error instanceof Error ? error.message : String(error);
    // Out of attempts: a poison job stops here, listed with its last error. Stopped by a drain with
    // attempts left: back to queued, to be spilled and retried by the next instance.
    job.status = runner.accepting || job.attempts >= maxAttempts ? 'failed' : 'queued';
  }
  if (job.status !== 'queued') finish(runner, job);
}

/** A job leaves the bounded set of unfinished jobs for the (also bounded) record of finished ones. */
function finish(runner: Runner, job: Job): void {
  runner.unfinished.delete(job.id);
  runner.finished.set(job.id, job);
}
