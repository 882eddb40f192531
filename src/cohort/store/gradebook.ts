/**
 * @module
 * The gradebook: for each learner and assigned lab, the submission that counts (the latest before the
 * deadline; past it, the latest late one where the late policy accepts it), its latest grade, and
 * which version of the checks made that grade. Per lab: which checks fail most.
 */
import type { Queryable } from '../db/database.ts';
import type { LabReport } from '../../engine/report.ts';
import type { JobStatus } from '../queue/job-table.ts';
import { assignmentsOf, learnersOf, type Assignment, type Learner } from './cohorts.ts';

export interface SubmissionState {
  submissionId: string;
  learnerId: string;
  lab: string;
  createdAt: number;
  source: string;
  /** Status of its newest grading job. */
  status: JobStatus;
  reason: string | null;
  /** Its newest grade, which a regrade in progress has not replaced yet. */
  grade: { jobId: string; score: number; maxScore: number; passed: boolean; checksVersion: string; gradedAt: number } | null;
}

export interface GradebookCell {
  lab: string;
  /** The counted submission, or null when none counts (none yet, or only late ones under "refuse"). */
  counted: SubmissionState | null;
  late: boolean;
  submissions: number;
}

export interface GradebookRow {
  learner: Learner;
  cells: GradebookCell[];
  total: number;
  maxTotal: number;
}

export interface CheckFailureStat {
  checkId: string;
  failed: number;
  graded: number;
}

export interface Gradebook {
  assignments: Assignment[];
  rows: GradebookRow[];
  /** Lab → its checks, the most failed first, over the counted grades. */
  failures: Record<string, CheckFailureStat[]>;
}

interface StateRow {
  id: string;
  learner_id: string;
  lab: string;
  created_at: number;
  source: string;
  status: JobStatus | null;
  reason: string | null;
  job_id: string | null;
  score: number | null;
  max_score: number | null;
  passed: number | null;
  checks_version: string | null;
  graded_at: number | null;
}

const STATE_SQL = `
  SELECT s.id, s.learner_id, s.lab, s.created_at, s.source, j.status, j.reason,
         g.job_id, g.score, g.max_score, g.passed, g.checks_version, g.graded_at
  FROM submissions s
  JOIN learners l ON l.id = s.learner_id
  LEFT JOIN grading_jobs j ON j.id = (SELECT id FROM grading_jobs WHERE submission_id = s.id ORDER BY created_at DESC, id LIMIT 1)
  LEFT JOIN grades g ON g.job_id = (SELECT job_id FROM grades WHERE submission_id = s.id ORDER BY graded_at DESC, job_id LIMIT 1)`;

function toState(row: StateRow): SubmissionState {
  return {
    submissionId: row.id,
    learnerId: row.learner_id,
    lab: row.lab,
    createdAt: Number(row.created_at),
    source: row.source,
    status: row.status ?? 'queued',
    reason: row.reason,
    grade:
      row.job_id === null
        ? null
        : {
            jobId: row.job_id,
            score: Number(row.score),
            maxScore: Number(row.max_score),
            passed: Number(row.passed) === 1,
            checksVersion: row.checks_version ?? '',
            gradedAt: Number(row.graded_at),
          },
  };
}

/** Every submission of a cohort (or of one learner), newest first, with its grading state. */
export async function submissionStates(db: Queryable, scope: { cohortId: string } | { learnerId: string }): Promise<SubmissionState[]> {
  const rows =
    'cohortId' in scope
      ? await db.query<StateRow>(`${STATE_SQL} WHERE l.cohort_id = $1 ORDER BY s.created_at DESC`, [scope.cohortId])
      : await db.query<StateRow>(`${STATE_SQL} WHERE s.learner_id = $1 ORDER BY s.created_at DESC`, [scope.learnerId]);
  return rows.map(toState);
}

export async function submissionState(db: Queryable, submissionId: string): Promise<SubmissionState | undefined> {
  const [row] = await db.query<StateRow>(`${STATE_SQL} WHERE s.id = $1`, [submissionId]);
  return row && toState(row);
}

/** Whether a submission made at `createdAt` is late for this assignment. */
export function isLate(assignment: Pick<Assignment, 'deadline'>, createdAt: number): boolean {
  return assignment.deadline !== null && createdAt > assignment.deadline;
}

/** The submission that counts among one learner's submissions of one lab (newest first). */
export function countedSubmission(assignment: Assignment, newestFirst: readonly SubmissionState[]): { counted: SubmissionState | null; late: boolean } {
  const onTime = newestFirst.find((state) => !isLate(assignment, state.createdAt));
  if (onTime) return { counted: onTime, late: false };
  const latest = newestFirst[0];
  if (!latest || assignment.latePolicy === 'refuse') return { counted: null, late: false };
  return { counted: latest, late: true };
}

export async function gradebook(db: Queryable, cohortId: string): Promise<Gradebook> {
  const [assignments, learners, states] = await Promise.all([assignmentsOf(db, cohortId), learnersOf(db, cohortId), submissionStates(db, { cohortId })]);
  const byLearnerAndLab = new Map<string, SubmissionState[]>();
  for (const state of states) {
    const key = `${state.learnerId}\n${state.lab}`;
    byLearnerAndLab.set(key, [...(byLearnerAndLab.get(key) ?? []), state]);
  }
  const countedJobs = new Map<string, string>(); // job id → lab
  const rows = learners.map((learner): GradebookRow => {
    const cells = assignments.map((assignment): GradebookCell => {
      const mine = byLearnerAndLab.get(`${learner.id}\n${assignment.lab}`) ?? [];
      const { counted, late } = countedSubmission(assignment, mine);
      if (counted?.grade) countedJobs.set(counted.grade.jobId, assignment.lab);
      return { lab: assignment.lab, counted, late, submissions: mine.length };
    });
    const graded = cells.map((cell) => cell.counted?.grade).filter((grade) => grade != null);
    return {
      learner,
      cells,
      total: graded.reduce((sum, grade) => sum + grade.score, 0),
      maxTotal: graded.reduce((sum, grade) => sum + grade.maxScore, 0),
    };
  });
  return { assignments, rows, failures: await failureStats(db, cohortId, countedJobs) };
}

async function failureStats(db: Queryable, cohortId: string, countedJobs: ReadonlyMap<string, string>): Promise<Record<string, CheckFailureStat[]>> {
  const results = await db.query<{ job_id: string; check_id: string; passed: number }>(
    `SELECT c.job_id, c.check_id, c.passed FROM check_results c
     JOIN grades g ON g.job_id = c.job_id JOIN submissions s ON s.id = g.submission_id JOIN learners l ON l.id = s.learner_id
     WHERE l.cohort_id = $1`,
    [cohortId],
  );
  const stats: Record<string, Map<string, CheckFailureStat>> = {};
  for (const result of results) {
    const lab = countedJobs.get(result.job_id);
    if (!lab) continue;
    const checks = (stats[lab] ??= new Map());
    const stat = checks.get(result.check_id) ?? { checkId: result.check_id, failed: 0, graded: 0 };
    stat.graded++;
    if (Number(result.passed) !== 1) stat.failed++;
    checks.set(result.check_id, stat);
  }
  return Object.fromEntries(Object.entries(stats).map(([lab, checks]) => [lab, [...checks.values()].sort((a, b) => b.failed - a.failed || a.checkId.localeCompare(b.checkId))]));
}

/** The full report of a grade, for the drill-down. */
export async function gradeReport(db: Queryable, jobId: string): Promise<LabReport | undefined> {
  const [row] = await db.query<{ report: string }>('SELECT report FROM grades WHERE job_id = $1', [jobId]);
  return row && (JSON.parse(row.report) as LabReport);
}
