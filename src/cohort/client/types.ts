/**
 * @module
 * The shapes of the submission API v1 (docs/cohorts.md), as the learner's side reads them.
 */
import type { LabReport } from '../../engine/report.ts';

export interface Assignment {
  lab: string;
  title: string;
  /** ISO 8601, or null when the assignment has no deadline. */
  deadline: string | null;
  /** What happens to a late submission, e.g. `accept`, `flag`, `refuse`. */
  latePolicy: string;
}

/** `GET /api/v1/me`: who the token belongs to. */
export interface Me {
  learner: { name: string; email: string };
  cohort: { id: string; name: string };
  assignments: Assignment[];
}

/** The editable files of one lab: path → content. */
export type SubmittedFiles = Record<string, string>;

/** `POST /api/v1/submissions` → 202. */
export interface SubmissionAccepted {
  id: string;
  lab: string;
  status: 'queued';
  late: boolean;
  /** The learner's page of this submission, for a person to open. */
  url: string;
  /** Where its status is polled (absolute: resolved against the cohort's address). */
  statusUrl: string;
}

export type SubmissionStatus = 'queued' | 'grading' | 'graded' | 'not-graded';

/** `GET /api/v1/submissions/:id`. */
export interface SubmissionState {
  id: string;
  lab: string;
  status: SubmissionStatus;
  /** Why a submission is not graded: an infrastructure failure, which the server retries. */
  reason?: string;
  late: boolean;
  createdAt: string;
  /** The lab report, once graded. */
  report?: LabReport;
}

/** Grading has ended for now: graded, or not graded (the server will try again). */
export const isSettled = (state: Pick<SubmissionState, 'status'>): boolean => state.status === 'graded' || state.status === 'not-graded';
