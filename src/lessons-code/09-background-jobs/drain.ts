// sample: section "Jobs never started" — refuse, let running jobs finish, keep the rest
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from './log.ts';
import type { Runner } from './runner.ts';
import { spill } from './spill.ts';

/** Resolves with the number of jobs the deadline cut short: 0 is a clean drain. */
export async function drainJobs(runner: Runner, spillFile: string, timeoutMs: number, log: Logger) {
  runner.accepting = false; // POST /jobs answers 503 from now on
  runner.workers.pause(); // no job waiting for a worker will start
  runner.workers.clear();

  const unfinished = () => [...runner.unfinished.values()];
  // Written at once: the orchestrator may SIGKILL the process before the drain is over.
  await spill(spillFile, unfinished().filter((job) => job.status === 'queued'));
  const running = runner.workers.pending;
  log.info('draining jobs', { running, spilled: unfinished().length - running, timeoutMs });

  const inTime = await Promise.race([
    runner.workers.onPendingZero().then(() => true),
    sleep(timeoutMs, false, { ref: false }), // the deadline: false
  ]);
  // Again, with every job not finished: those a failure sent back to the queue during the drain, and
  // those the deadline cut short. Whoever runs them next may repeat work: handlers must be idempotent.
  const left = unfinished();
  await spill(spillFile, left);
  const cut = inTime ? 0 : runner.workers.pending;
  (cut ? log.warn : log.info)('jobs drained', { spilled: left.length, cut });
  return cut;
}
