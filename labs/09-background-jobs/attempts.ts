/**
 * @module
 * What the lab's work recorder heard: the service's src/work.ts (read-only) calls it when each
 * attempt of a job starts and ends. The checks judge concurrency and retry timing from these calls,
 * on the recorder's clock, rather than from what the service says about itself.
 */
import type { FakeDependency } from '../../src/engine/harness.ts';

/** One attempt of one job, as the recorder saw it. Times in ms on the recorder's clock. */
export interface Attempt {
  jobId: string;
  /** 1 for the first attempt. */
  attempt: number;
  startMs: number;
  endMs?: number;
  ok?: boolean;
}

/** Every attempt the recorder heard of, in the order they started. */
export function attemptsOf(recorder: FakeDependency): Attempt[] {
  const attempts = new Map<string, Attempt>();
  for (const request of recorder.received()) {
    const url = new URL(request.path, 'http://recorder');
    const jobId = url.searchParams.get('job') ?? '';
    const attempt = Number(url.searchParams.get('attempt'));
    const key = `${jobId}#${attempt}`;
    if (url.pathname === '/attempts/start') attempts.set(key, { jobId, attempt, startMs: request.atMs });
    else if (url.pathname === '/attempts/end') {
      const known = attempts.get(key);
      if (known) Object.assign(known, { endMs: request.atMs, ok: url.searchParams.get('ok') === 'true' });
    }
  }
  return [...attempts.values()].sort((a, b) => a.startMs - b.startMs);
}

/** The attempts of each job, in order, by job id. */
export function attemptsByJob(attempts: readonly Attempt[]): Map<string, Attempt[]> {
  const byJob = new Map<string, Attempt[]>();
  for (const attempt of attempts) byJob.set(attempt.jobId, [...(byJob.get(attempt.jobId) ?? []), attempt]);
  for (const list of byJob.values()) list.sort((a, b) => a.attempt - b.attempt);
  return byJob;
}

/**
 * The most attempts in progress at one moment. An attempt ends before the next one on its worker
 * starts (the work awaits its "end" call), so at equal times ends count first.
 */
export function mostAtOnce(attempts: readonly Attempt[]): number {
  const events: Array<[number, number]> = [];
  for (const attempt of attempts) {
    events.push([attempt.startMs, +1]);
    if (attempt.endMs !== undefined) events.push([attempt.endMs, -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, change] of events) most = Math.max(most, (now += change));
  return most;
}

/** The waits before each retry of a job: the start of attempt n+1 minus the end of attempt n. */
export function retryDelays(attempts: readonly Attempt[]): number[] {
  const delays: number[] = [];
  for (let index = 1; index < attempts.length; index++) {
    const previousEnd = attempts[index - 1]!.endMs;
    if (previousEnd !== undefined) delays.push(attempts[index]!.startMs - previousEnd);
  }
  return delays;
}
