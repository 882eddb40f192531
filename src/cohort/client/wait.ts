/**
 * @module
 * Following a submission until its grading ends: poll, wait a little longer each time (a grading takes
 * seconds to minutes), honour `Retry-After`, ride out a brief network blip, stop on an abort or a timeout.
 */
import { CohortProblem, CohortUnreachable } from './problems.ts';
import { isSettled, type SubmissionState } from './types.ts';

export interface WaitOptions {
  /** Called with every state polled whose status differs from the last one (the first included). */
  onStatus?: (state: SubmissionState) => void;
  /** Stops waiting: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Gives up after this long with a `WaitTimedOut` (default: never). */
  timeoutMs?: number;
  /** First pause between polls (default 1 s); each next one is 1.5 times longer… */
  initialDelayMs?: number;
  /** …up to this (default 10 s). */
  maxDelayMs?: number;
  /** Polls in a row that may find the server unreachable before giving up (default 3). */
  unreachableTolerance?: number;
}

/** Waiting ran out of time; the last state polled says where the submission was. */
export class WaitTimedOut extends Error {
  readonly last: SubmissionState | undefined;
  constructor(timeoutMs: number, last: SubmissionState | undefined) {
    const waited = timeoutMs >= 120_000 ? `${Math.round(timeoutMs / 60_000)} min` : `${Math.round(timeoutMs / 1000)} s`;
    super(`Still ${last?.status ?? 'unanswered'} after ${waited}.`);
    this.name = 'WaitTimedOut';
    this.last = last;
  }
}

/** The pause before poll number `attempt` (0-based): 1.5× longer each time, capped. */
export function pollDelay(attempt: number, initialDelayMs = 1000, maxDelayMs = 10_000): number {
  return Math.min(maxDelayMs, Math.round(initialDelayMs * 1.5 ** attempt));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      signal?.removeEventListener('abort', abort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/** Polls `poll` until the submission is graded or not graded, and returns that state. */
export async function waitForGrading(poll: () => Promise<SubmissionState>, options: WaitOptions = {}): Promise<SubmissionState> {
  const { onStatus, signal, timeoutMs, initialDelayMs, maxDelayMs, unreachableTolerance = 3 } = options;
  const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
  let last: SubmissionState | undefined;
  let unreachable = 0;
  for (let attempt = 0; ; attempt++) {
    signal?.throwIfAborted();
    let pause = pollDelay(attempt, initialDelayMs, maxDelayMs);
    try {
      const state = await poll();
      unreachable = 0;
      if (state.status !== last?.status) onStatus?.(state);
      last = state;
      if (isSettled(state)) return state;
    } catch (error) {
      const busy = error instanceof CohortProblem && (error.status === 429 || error.status === 503);
      if (busy) pause = Math.max(pause, (error.retryAfterSeconds ?? 0) * 1000);
      else if (!(error instanceof CohortUnreachable) || ++unreachable > unreachableTolerance) throw error;
    }
    if (Date.now() + pause > deadline) throw new WaitTimedOut(timeoutMs!, last);
    await sleep(pause, signal);
  }
}
