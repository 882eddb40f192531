/**
 * @module
 * The schema, as numbered migrations applied in order and recorded in `schema_migrations`. A migration
 * once released is never edited: a change is a new one. Only the types both databases share are used
 * (TEXT, INTEGER, BIGINT); ids are random text made by the application, times are ms since the epoch.
 */
import type { Database } from './database.ts';

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, cohorts, submissions, grading',
    statements: [
      `CREATE TABLE instructors (
        id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
        password_hash TEXT NOT NULL, created_at BIGINT NOT NULL)`,
      // Only a hash of the session id is stored: a leaked database holds no usable session.
      `CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY, instructor_id TEXT REFERENCES instructors(id) ON DELETE CASCADE,
        learner_id TEXT, csrf_token TEXT NOT NULL, expires_at BIGINT NOT NULL, created_at BIGINT NOT NULL)`,
      `CREATE TABLE cohorts (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, join_code TEXT NOT NULL UNIQUE,
        owner_id TEXT NOT NULL REFERENCES instructors(id), notes TEXT NOT NULL DEFAULT '', created_at BIGINT NOT NULL)`,
      `CREATE TABLE learners (
        id TEXT PRIMARY KEY, cohort_id TEXT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
        name TEXT NOT NULL, email TEXT NOT NULL, external_id TEXT, token_hash TEXT UNIQUE,
        joined_at BIGINT, created_at BIGINT NOT NULL, UNIQUE (cohort_id, email))`,
      `CREATE TABLE assignments (
        cohort_id TEXT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE, lab TEXT NOT NULL,
        deadline BIGINT, late_policy TEXT NOT NULL, PRIMARY KEY (cohort_id, lab))`,
      // Content-addressed: a file's text under the SHA-256 of it, stored once however often submitted.
      `CREATE TABLE blobs (hash TEXT PRIMARY KEY, content TEXT NOT NULL)`,
      `CREATE TABLE submissions (
        id TEXT PRIMARY KEY, learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        lab TEXT NOT NULL, files TEXT NOT NULL, late INTEGER NOT NULL, source TEXT NOT NULL, created_at BIGINT NOT NULL)`,
      `CREATE INDEX submissions_by_learner ON submissions (learner_id, lab, created_at)`,
      `CREATE TABLE grading_jobs (
        id TEXT PRIMARY KEY, submission_id TEXT NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
        checks_version TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
        run_after BIGINT NOT NULL, lease_owner TEXT, lease_until BIGINT, reason TEXT,
        created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)`,
      `CREATE INDEX grading_jobs_ready ON grading_jobs (status, run_after)`,
      `CREATE INDEX grading_jobs_by_submission ON grading_jobs (submission_id, created_at)`,
      // One row per job, written once: a second worker finishing the same job changes nothing.
      `CREATE TABLE grades (
        job_id TEXT PRIMARY KEY REFERENCES grading_jobs(id) ON DELETE CASCADE, submission_id TEXT NOT NULL,
        checks_version TEXT NOT NULL, score INTEGER NOT NULL, max_score INTEGER NOT NULL, passed INTEGER NOT NULL,
        report TEXT NOT NULL, worker TEXT NOT NULL, graded_at BIGINT NOT NULL)`,
      `CREATE TABLE check_results (
        job_id TEXT NOT NULL REFERENCES grading_jobs(id) ON DELETE CASCADE, check_id TEXT NOT NULL,
        passed INTEGER NOT NULL, points INTEGER NOT NULL, message TEXT NOT NULL, duration_ms INTEGER NOT NULL,
        PRIMARY KEY (job_id, check_id))`,
      `CREATE TABLE audit_log (
        id TEXT PRIMARY KEY, at BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
        cohort_id TEXT, subject TEXT, detail TEXT NOT NULL DEFAULT '')`,
      `CREATE INDEX audit_log_by_cohort ON audit_log (cohort_id, at)`,
    ],
  },
];

/** Applies the migrations this database lacks, in one transaction each; returns the versions applied. */
export async function migrate(db: Database): Promise<number[]> {
  await db.run(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`);
  const applied: number[] = [];
  for (const migration of migrations) {
    const ran = await db.transaction(async (tx) => {
      // Two servers starting at once against one PostgreSQL: the second waits here, then finds it done.
      if (tx.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7270315)');
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (done.length) return false;
      for (const statement of migration.statements) await tx.run(statement);
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, Date.now()]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}

/** The newest migration this code knows; a database ahead of it was written by a newer release. */
export async function assertSchemaKnown(db: Database): Promise<void> {
  const [row] = await db.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations');
  const newest = migrations.at(-1)?.version ?? 0;
  if (row?.version != null && Number(row.version) > newest) {
    throw new Error(`The database's schema is version ${row.version}; this release knows up to ${newest}. Run the newer release, or restore a backup taken before it.`);
  }
}
