/**
 * @module
 * The work a job does, and what a job asks for. It stands in for real background work (sending an
 * email, resizing an image, calling a slow partner API): it takes `durationMs`, and its first
 * `failTimes` attempts fail, so a job can be quick, slow, flaky or poisonous on demand.
 *
 * When `WORK_RECORDER_URL` is set (the grader sets it), each attempt tells a recorder there when it
 * starts and when it ends. The grader counts concurrency and times retries from those calls, on its
 * own clock: it never has to trust what the service says about itself. Not yours to edit.
 */

export interface JobPayload {
  /** How long one attempt takes. */
  durationMs: number;
  /** How many attempts fail before one succeeds (as many as MAX_ATTEMPTS or more: a poison job). */
  failTimes: number;
}

/** Longest attempt a client may ask for, so a typo cannot hold a worker for an hour. */
const MAX_DURATION_MS = 60_000;
const MAX_FAIL_TIMES = 100;

/** The payload of `POST /jobs` (an empty body asks for the defaults), or what is wrong with it. */
export function parsePayload(body: unknown): { payload: JobPayload } | { error: string } {
  const fields = (body ?? {}) as Record<string, unknown>;
  if (typeof fields !== 'object' || Array.isArray(fields)) return { error: 'the body must be a JSON object' };
  const durationMs = fields.durationMs ?? 1000;
  const failTimes = fields.failTimes ?? 0;
  if (!Number.isInteger(durationMs) || (durationMs as number) < 0 || (durationMs as number) > MAX_DURATION_MS) {
    return { error: `durationMs must be an integer from 0 to ${MAX_DURATION_MS}` };
  }
  if (!Number.isInteger(failTimes) || (failTimes as number) < 0 || (failTimes as number) > MAX_FAIL_TIMES) {
    return { error: `failTimes must be an integer from 0 to ${MAX_FAIL_TIMES}` };
  }
  return { payload: { durationMs: durationMs as number, failTimes: failTimes as number } };
}

const recorderUrl = process.env.WORK_RECORDER_URL;

/** Tells the recorder about an attempt; awaited, so its clock sees starts and ends in their real order. */
async function record(event: 'start' | 'end', jobId: string, attempt: number, ok?: boolean): Promise<void> {
  if (!recorderUrl) return;
  const query = new URLSearchParams({ job: jobId, attempt: String(attempt), ...(ok === undefined ? {} : { ok: String(ok) }) });
  // Twice at most: a keep-alive connection closed under a busy machine should not lose the record.
  for (let tries = 0; tries < 2; tries++) {
    try {
      const response = await fetch(`${recorderUrl}/attempts/${event}?${query}`, { method: 'POST' });
      // Read to the end, so the connection goes back to the pool for the next call.
      await response.text();
      return;
    } catch {
      // The recorder is the grader's, not a dependency of the job: the work goes on without it.
    }
  }
}

/**
 * Runs attempt number `attempt` (1 for the first) of job `jobId`: resolves when it succeeds, rejects
 * with an Error when it fails.
 */
export async function performJob(jobId: string, payload: JobPayload, attempt: number): Promise<void> {
  await record('start', jobId, attempt);
  await new Promise((resolve) => setTimeout(resolve, payload.durationMs));
  const ok = attempt > payload.failTimes;
  await record('end', jobId, attempt, ok);
  if (!ok) throw new Error(`attempt ${attempt} failed (the job fails its first ${payload.failTimes})`);
}
