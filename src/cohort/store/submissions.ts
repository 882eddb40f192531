/**
 * @module
 * Submissions: the learner's editable files, stored as content-addressed blobs plus one row, with the
 * grading job that will grade them — all in one transaction, so a crash between receiving and storing
 * leaves either everything or nothing (and the learner, without a 202, submits again).
 */
import type { Queryable, Database } from '../db/database.ts';
import { newId, sha256 } from '../secrets.ts';

export type SubmissionSource = 'workspace' | 'cli' | 'import';

export interface StoredSubmission {
  id: string;
  learnerId: string;
  lab: string;
  late: boolean;
  source: SubmissionSource;
  createdAt: number;
  /** Path → SHA-256 of the content. */
  files: Record<string, string>;
}

export async function storeSubmission(
  db: Database,
  input: { learnerId: string; lab: string; files: ReadonlyMap<string, string>; late: boolean; source: SubmissionSource; checksVersion: string },
): Promise<{ submission: StoredSubmission; jobId: string }> {
  const now = Date.now();
  const hashes: Record<string, string> = {};
  for (const [path, content] of [...input.files].sort(([a], [b]) => a.localeCompare(b))) hashes[path] = sha256(content);
  const submission: StoredSubmission = { id: newId(), learnerId: input.learnerId, lab: input.lab, late: input.late, source: input.source, createdAt: now, files: hashes };
  const jobId = newId();
  await db.transaction(async (tx) => {
    for (const [path, content] of input.files) {
      await tx.run('INSERT INTO blobs (hash, content) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING', [hashes[path]!, content]);
    }
    await tx.run('INSERT INTO submissions (id, learner_id, lab, files, late, source, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      submission.id,
      submission.learnerId,
      submission.lab,
      JSON.stringify(hashes),
      submission.late ? 1 : 0,
      submission.source,
      now,
    ]);
    await insertJob(tx, jobId, submission.id, input.checksVersion, now);
  });
  return { submission, jobId };
}

export async function insertJob(db: Queryable, jobId: string, submissionId: string, checksVersion: string, now = Date.now()): Promise<void> {
  await db.run(
    `INSERT INTO grading_jobs (id, submission_id, checks_version, status, attempts, run_after, created_at, updated_at)
     VALUES ($1, $2, $3, 'queued', 0, $4, $4, $4)`,
    [jobId, submissionId, checksVersion, now],
  );
}

interface SubmissionRow {
  id: string;
  learner_id: string;
  lab: string;
  files: string;
  late: number;
  source: SubmissionSource;
  created_at: number;
}

const toSubmission = (row: SubmissionRow): StoredSubmission => ({
  id: row.id,
  learnerId: row.learner_id,
  lab: row.lab,
  late: Number(row.late) === 1,
  source: row.source,
  createdAt: Number(row.created_at),
  files: JSON.parse(row.files) as Record<string, string>,
});

export async function submissionById(db: Queryable, id: string): Promise<StoredSubmission | undefined> {
  const [row] = await db.query<SubmissionRow>('SELECT * FROM submissions WHERE id = $1', [id]);
  return row && toSubmission(row);
}

/** The submission's files, read back from their blobs. */
export async function submissionFiles(db: Queryable, submission: StoredSubmission): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const [path, hash] of Object.entries(submission.files)) {
    const [blob] = await db.query<{ content: string }>('SELECT content FROM blobs WHERE hash = $1', [hash]);
    if (!blob) throw new Error(`The content of ${path} (blob ${hash}) is missing from the database.`);
    files.set(path, blob.content);
  }
  return files;
}

export async function submissionsOf(db: Queryable, learnerId: string, lab?: string): Promise<StoredSubmission[]> {
  const rows = lab
    ? await db.query<SubmissionRow>('SELECT * FROM submissions WHERE learner_id = $1 AND lab = $2 ORDER BY created_at DESC', [learnerId, lab])
    : await db.query<SubmissionRow>('SELECT * FROM submissions WHERE learner_id = $1 ORDER BY created_at DESC', [learnerId]);
  return rows.map(toSubmission);
}

/** Submissions of a learner in the last `windowMs`, for the per-learner submission limit. */
export async function recentSubmissionCount(db: Queryable, learnerId: string, windowMs: number): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM submissions WHERE learner_id = $1 AND created_at > $2', [learnerId, Date.now() - windowMs]);
  return Number(row?.n ?? 0);
}
