/**
 * @module
 * Cohorts, the labs assigned to them (deadline and late policy), and their rosters.
 */
import type { Queryable } from '../db/database.ts';
import { hashSecret, newId, newSecret } from '../secrets.ts';

export const LATE_POLICIES = ['accept', 'accept-and-flag', 'refuse'] as const;
export type LatePolicy = (typeof LATE_POLICIES)[number];

export interface Cohort {
  id: string;
  name: string;
  joinCode: string;
  ownerId: string;
  notes: string;
}

export interface Assignment {
  lab: string;
  deadline: number | null;
  latePolicy: LatePolicy;
}

export interface Learner {
  id: string;
  cohortId: string;
  name: string;
  email: string;
  externalId: string | null;
  joined: boolean;
}

interface CohortRow {
  id: string;
  name: string;
  join_code: string;
  owner_id: string;
  notes: string;
}

const toCohort = (row: CohortRow): Cohort => ({ id: row.id, name: row.name, joinCode: row.join_code, ownerId: row.owner_id, notes: row.notes });

export async function createCohort(db: Queryable, ownerId: string, name: string): Promise<Cohort> {
  const cohort: Cohort = { id: newId(), name: name.trim(), joinCode: newSecret(12), ownerId, notes: '' };
  await db.run('INSERT INTO cohorts (id, name, join_code, owner_id, notes, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    cohort.id,
    cohort.name,
    cohort.joinCode,
    ownerId,
    '',
    Date.now(),
  ]);
  return cohort;
}

export async function cohortsOf(db: Queryable, ownerId: string): Promise<Cohort[]> {
  return (await db.query<CohortRow>('SELECT * FROM cohorts WHERE owner_id = $1 ORDER BY created_at', [ownerId])).map(toCohort);
}

export async function cohortById(db: Queryable, id: string): Promise<Cohort | undefined> {
  const [row] = await db.query<CohortRow>('SELECT * FROM cohorts WHERE id = $1', [id]);
  return row && toCohort(row);
}

export async function cohortByJoinCode(db: Queryable, code: string): Promise<Cohort | undefined> {
  const [row] = await db.query<CohortRow>('SELECT * FROM cohorts WHERE join_code = $1', [code]);
  return row && toCohort(row);
}

export async function setNotes(db: Queryable, cohortId: string, notes: string): Promise<void> {
  await db.run('UPDATE cohorts SET notes = $1 WHERE id = $2', [notes, cohortId]);
}

/** Assigns a lab (or changes its deadline and policy). */
export async function assignLab(db: Queryable, cohortId: string, assignment: Assignment): Promise<void> {
  await db.run(
    `INSERT INTO assignments (cohort_id, lab, deadline, late_policy) VALUES ($1, $2, $3, $4)
     ON CONFLICT (cohort_id, lab) DO UPDATE SET deadline = excluded.deadline, late_policy = excluded.late_policy`,
    [cohortId, assignment.lab, assignment.deadline, assignment.latePolicy],
  );
}

export async function unassignLab(db: Queryable, cohortId: string, lab: string): Promise<void> {
  await db.run('DELETE FROM assignments WHERE cohort_id = $1 AND lab = $2', [cohortId, lab]);
}

export async function assignmentsOf(db: Queryable, cohortId: string): Promise<Assignment[]> {
  const rows = await db.query<{ lab: string; deadline: number | null; late_policy: LatePolicy }>(
    'SELECT lab, deadline, late_policy FROM assignments WHERE cohort_id = $1 ORDER BY lab',
    [cohortId],
  );
  return rows.map((row) => ({ lab: row.lab, deadline: row.deadline === null ? null : Number(row.deadline), latePolicy: row.late_policy }));
}

export interface RosterEntry {
  name: string;
  email: string;
  externalId?: string;
}

/** Adds the roster's learners; one already on it (same email) gets the new name and id. Returns counts. */
export async function importRoster(db: Queryable, cohortId: string, entries: readonly RosterEntry[]): Promise<{ added: number; updated: number }> {
  let added = 0;
  let updated = 0;
  for (const entry of entries) {
    const email = entry.email.trim().toLowerCase();
    const changed = await db.run('UPDATE learners SET name = $1, external_id = $2 WHERE cohort_id = $3 AND email = $4', [
      entry.name.trim(),
      entry.externalId?.trim() || null,
      cohortId,
      email,
    ]);
    if (changed) {
      updated++;
      continue;
    }
    await db.run('INSERT INTO learners (id, cohort_id, name, email, external_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      newId(),
      cohortId,
      entry.name.trim(),
      email,
      entry.externalId?.trim() || null,
      Date.now(),
    ]);
    added++;
  }
  return { added, updated };
}

interface LearnerRow {
  id: string;
  cohort_id: string;
  name: string;
  email: string;
  external_id: string | null;
  joined_at: number | null;
}

const toLearner = (row: LearnerRow): Learner => ({
  id: row.id,
  cohortId: row.cohort_id,
  name: row.name,
  email: row.email,
  externalId: row.external_id,
  joined: row.joined_at !== null,
});

export async function learnersOf(db: Queryable, cohortId: string): Promise<Learner[]> {
  return (await db.query<LearnerRow>('SELECT * FROM learners WHERE cohort_id = $1 ORDER BY name, email', [cohortId])).map(toLearner);
}

export async function learnerById(db: Queryable, id: string): Promise<Learner | undefined> {
  const [row] = await db.query<LearnerRow>('SELECT * FROM learners WHERE id = $1', [id]);
  return row && toLearner(row);
}

export async function learnerByToken(db: Queryable, token: string): Promise<Learner | undefined> {
  const [row] = await db.query<LearnerRow>('SELECT * FROM learners WHERE token_hash = $1', [hashSecret(token)]);
  return row && toLearner(row);
}

export async function learnerByEmail(db: Queryable, cohortId: string, email: string): Promise<Learner | undefined> {
  const [row] = await db.query<LearnerRow>('SELECT * FROM learners WHERE cohort_id = $1 AND email = $2', [cohortId, email.trim().toLowerCase()]);
  return row && toLearner(row);
}

/**
 * Gives the learner a new personal token (joining, or replacing a lost one): the old one stops working.
 * Only its hash is kept, so the token is shown once.
 */
export async function issueToken(db: Queryable, learnerId: string): Promise<string> {
  const token = `opl_${newSecret()}`;
  await db.run('UPDATE learners SET token_hash = $1, joined_at = COALESCE(joined_at, $2) WHERE id = $3', [hashSecret(token), Date.now(), learnerId]);
  return token;
}
