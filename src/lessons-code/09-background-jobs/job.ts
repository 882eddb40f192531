// sample: section "202 Accepted and Location" — a job's record, and what a client sees of it
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface Job {
  id: string;
  payload: unknown;
  status: JobStatus;
  /** Attempts started so far; the retry policy and the client both read it. */
  attempts: number;
  idempotencyKey?: string;
  /** Why the last attempt failed: what the dead-letter list shows. */
  error?: string;
}

/** What GET /jobs/:id answers. */
export function view(job: Job) {
  const { id, status, attempts, payload, error } = job;
  return { id, status, attempts, payload, ...(error ? { error } : {}) };
}
