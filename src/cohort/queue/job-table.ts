/**
 * @module
 * The durable grading queue: rows of `grading_jobs`, taken by workers under a lease. A worker that
 * dies stops renewing its lease and the job becomes claimable again; a result is written once per job
 * (`grades.job_id` is the key), so a job graded twice — a slow worker and its replacement — counts once.
 */
import type { Database, Queryable } from '../db/database.ts';
import type { LabReport } from '../../engine/report.ts';
import { insertJob } from '../store/submissions.ts';
import { newId } from '../secrets.ts';
import { processAlive } from '../../engine/node/process-tree.ts';

export type JobStatus = 'queued' | 'grading' | 'graded' | 'not-graded';

export interface ClaimedJob {
  id: string;
  submissionId: string;
  checksVersion: string;
  attempts: number;
}

/** How long a claim lasts without a heartbeat; a worker renews it every third of that. Tests shorten it. */
export const LEASE_MS = Number(process.env.OPERABLE_LEASE_MS) || 60_000;
/** Attempts before an infrastructure failure is left for the instructor: "not graded", never a zero. */
export const MAX_ATTEMPTS = 5;

/** The first retry's delay; tests shorten it. */
const RETRY_BASE_MS = Number(process.env.OPERABLE_RETRY_BASE_MS) || 30_000;

/** 30 s, 1 min, 2 min, 4 min: the machine may need a while to be less busy. */
export function retryDelayMs(attempts: number): number {
  return RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1);
}

const CLAIMABLE = `((status IN ('queued', 'not-graded') AND run_after <= $3 AND attempts < ${MAX_ATTEMPTS}) OR (status = 'grading' AND lease_until < $3))`;

/** Claims the oldest ready job (or the one named), or returns undefined when there is none. */
export async function claimJob(db: Queryable, worker: string, options: { jobId?: string; now?: number } = {}): Promise<ClaimedJob | undefined> {
  const now = options.now ?? Date.now();
  const params = [worker, now + LEASE_MS, now];
  // PostgreSQL: SKIP LOCKED lets two workers claim different jobs at once instead of queueing on one row.
  const lock = db.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
  const pick = options.jobId
    ? `SELECT id FROM grading_jobs WHERE id = $4 AND ${CLAIMABLE} ${lock}`
    : `SELECT id FROM grading_jobs WHERE ${CLAIMABLE} ORDER BY run_after, created_at LIMIT 1 ${lock}`;
  const [row] = await db.query<{ id: string; submission_id: string; checks_version: string; attempts: number }>(
    `UPDATE grading_jobs SET status = 'grading', lease_owner = $1, lease_until = $2, attempts = attempts + 1, updated_at = $3
     WHERE id = (${pick}) AND ${CLAIMABLE}
     RETURNING id, submission_id, checks_version, attempts`,
    options.jobId ? [...params, options.jobId] : params,
  );
  return row && { id: row.id, submissionId: row.submission_id, checksVersion: row.checks_version, attempts: Number(row.attempts) };
}

/** Renews the lease; false when the job is no longer this worker's (it was taken over or finished). */
export async function renewLease(db: Queryable, jobId: string, worker: string): Promise<boolean> {
  const now = Date.now();
  const changed = await db.run(
    `UPDATE grading_jobs SET lease_until = $1, updated_at = $2 WHERE id = $3 AND lease_owner = $4 AND status = 'grading'`,
    [now + LEASE_MS, now, jobId, worker],
  );
  return changed === 1;
}

/** Stores the report of a job, once: a second write for the same job changes nothing. Returns whether this one counted. */
/** `checksVersion` is the grading worker's own: the checks that really ran, whatever version was current when queued. */
export async function recordGrade(db: Database, job: ClaimedJob, report: LabReport, worker: string, checksVersion: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const now = Date.now();
    const written = await tx.run(
      `INSERT INTO grades (job_id, submission_id, checks_version, score, max_score, passed, report, worker, graded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (job_id) DO NOTHING`,
      [job.id, job.submissionId, checksVersion, report.score, report.maxScore, report.passed ? 1 : 0, JSON.stringify(report), worker, now],
    );
    if (written === 0) return false;
    for (const check of report.checks) {
      await tx.run('INSERT INTO check_results (job_id, check_id, passed, points, message, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)', [
        job.id,
        check.id,
        check.passed ? 1 : 0,
        check.points,
        check.skipped ? `skipped: ${check.skipped}` : check.message,
        Math.round(check.durationMs),
      ]);
    }
    await tx.run(`UPDATE grading_jobs SET status = 'graded', reason = NULL, lease_owner = NULL, lease_until = NULL, updated_at = $1 WHERE id = $2`, [now, job.id]);
    return true;
  });
}

/** An infrastructure failure: "not graded, will retry" after a delay, or left for the instructor after MAX_ATTEMPTS. */
export async function recordNotGraded(db: Queryable, job: ClaimedJob, worker: string, reason: string): Promise<void> {
  const now = Date.now();
  const final = job.attempts >= MAX_ATTEMPTS;
  const told = final ? `${reason} (gave up after ${job.attempts} attempts: your instructor can regrade it)` : `${reason} (will retry)`;
  await db.run(
    `UPDATE grading_jobs SET status = 'not-graded', reason = $1, run_after = $2, lease_owner = NULL, lease_until = NULL, updated_at = $3
     WHERE id = $4 AND lease_owner = $5 AND status = 'grading'`,
    [told, now + retryDelayMs(job.attempts), now, job.id, worker],
  );
}

/** New jobs for these submissions under the current checks; skips a submission already waiting for one. Returns the new job ids. */
export async function enqueueRegrade(db: Database, submissions: readonly { id: string; checksVersion: string }[]): Promise<string[]> {
  return db.transaction(async (tx) => {
    const ids: string[] = [];
    for (const submission of submissions) {
      const waiting = await tx.query(
        `SELECT 1 FROM grading_jobs WHERE submission_id = $1 AND checks_version = $2 AND status IN ('queued', 'grading')`,
        [submission.id, submission.checksVersion],
      );
      if (waiting.length) continue;
      const id = newId();
      await insertJob(tx, id, submission.id, submission.checksVersion);
      ids.push(id);
    }
    return ids;
  });
}

/** Jobs a queue transport (BullMQ) should carry: ready now and not leased. */
export async function readyJobIds(db: Queryable, limit = 500): Promise<string[]> {
  const now = Date.now();
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM grading_jobs WHERE ${CLAIMABLE.replaceAll('$3', '$1')} ORDER BY run_after, created_at LIMIT $2`,
    [now, limit],
  );
  return rows.map((row) => row.id);
}

export interface JobCounts {
  queued: number;
  grading: number;
  graded: number;
  notGraded: number;
}

export async function jobCounts(db: Queryable): Promise<JobCounts> {
  const rows = await db.query<{ status: JobStatus; n: number }>('SELECT status, COUNT(*) AS n FROM grading_jobs GROUP BY status');
  const count = (status: JobStatus) => Number(rows.find((row) => row.status === status)?.n ?? 0);
  return { queued: count('queued'), grading: count('grading'), graded: count('graded'), notGraded: count('not-graded') };
}

/**
 * Releases the leases held by worker processes of this host that no longer run (a server killed
 * mid-grading and started again): their jobs are graded now instead of after the lease runs out.
 * Worker names are `host:pid:…`; a pid that answers signal 0 is alive.
 */
export async function releaseDeadLeases(db: Queryable, host: string): Promise<number> {
  const rows = await db.query<{ id: string; lease_owner: string }>(`SELECT id, lease_owner FROM grading_jobs WHERE status = 'grading' AND lease_owner LIKE $1`, [`${host}:%`]);
  let released = 0;
  for (const row of rows) {
    const pid = Number(row.lease_owner.split(':')[1]);
    if (pid === process.pid || processAlive(pid)) continue;
    released += await db.run(`UPDATE grading_jobs SET lease_until = 0 WHERE id = $1 AND lease_owner = $2 AND status = 'grading'`, [row.id, row.lease_owner]);
  }
  return released;
}
