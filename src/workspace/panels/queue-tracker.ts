/**
 * @module
 * The queue panel without the UI: reads each poll of the learner's job list (`GET /jobs`) into the
 * numbers to show — depth, running, succeeded, failed, retries — or says why there are none. A failed
 * poll or an answer of another shape is its own state, never a reading of zero.
 */
import { z } from 'zod';
import { describeOutcome } from '../../engine/describe.ts';
import type { HttpOutcome } from '../../engine/harness.ts';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;

/** What the panel needs of each job; other fields (id, payload, error) are the service's business. */
const jobListSchema = z.object({
  jobs: z.array(z.object({ status: z.enum(JOB_STATUSES), attempts: z.number().int().min(0) })),
});

export interface QueueReading {
  /** Jobs waiting for a worker: the queue's depth. */
  queued: number;
  running: number;
  succeeded: number;
  failed: number;
  /** Attempts beyond each job's first, summed over the jobs the service lists. */
  retries: number;
  /** Jobs the service lists. */
  total: number;
}

export type QueueState =
  | { kind: 'reading'; reading: QueueReading }
  | { kind: 'poll-failed'; message: string }
  | { kind: 'malformed'; message: string };

/** Counts the jobs of one poll by status, and their retries. */
export function countJobs(jobs: ReadonlyArray<{ status: (typeof JOB_STATUSES)[number]; attempts: number }>): QueueReading {
  const reading: QueueReading = { queued: 0, running: 0, succeeded: 0, failed: 0, retries: 0, total: jobs.length };
  for (const job of jobs) {
    reading[job.status]++;
    reading.retries += Math.max(0, job.attempts - 1);
  }
  return reading;
}

/** Reads one poll of the job list: a reading, or why there is none. */
export function readQueue(outcome: HttpOutcome): QueueState {
  if (outcome.kind !== 'response') return { kind: 'poll-failed', message: describeOutcome(outcome) };
  if (outcome.status !== 200) return { kind: 'poll-failed', message: `${describeOutcome(outcome)}, not 200` };
  let body: unknown;
  try {
    body = JSON.parse(outcome.body);
  } catch {
    return { kind: 'malformed', message: 'the answer is not JSON' };
  }
  const parsed = jobListSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : 'the answer';
    return { kind: 'malformed', message: `${where}: ${issue.message}` };
  }
  return { kind: 'reading', reading: countJobs(parsed.data.jobs) };
}

/** What the panel says about the latest poll, in a sentence. */
export function describeQueueState(state: QueueState, listPath: string): string {
  switch (state.kind) {
    case 'reading':
      return `Last poll read: ${state.reading.total} job${state.reading.total === 1 ? '' : 's'} listed.`;
    case 'poll-failed':
      return `Poll failed: ${state.message}.`;
    case 'malformed':
      return `GET ${listPath} did not answer { jobs: [{ status, attempts }] } (${state.message}).`;
  }
}
