/**
 * @module
 * The learner's side of the cohort server: submit a lab's files, follow the grading, read the report.
 * Runs wherever `fetch` does (Node, browsers).
 */
export { CohortClient, cohortBaseUrl, type CohortClientOptions } from './cohort-client.ts';
export { CohortProblem, CohortUnreachable, parseRetryAfter, type ProblemDetails } from './problems.ts';
export { isSettled, type Assignment, type Me, type SubmissionAccepted, type SubmissionState, type SubmissionStatus, type SubmittedFiles } from './types.ts';
export { pollDelay, waitForGrading, WaitTimedOut, type WaitOptions } from './wait.ts';
