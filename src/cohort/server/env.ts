/**
 * @module
 * What every handler of the cohort server can reach: the database, the grading queue, the signed-in
 * person (an instructor or a learner, from the session cookie) and the session's CSRF token.
 */
import type { Database } from '../db/database.ts';
import type { Instructor, Session } from '../store/accounts.ts';
import type { Learner } from '../store/cohorts.ts';

/** Hands new grading jobs to whatever grades them: the in-process worker, or BullMQ for remote ones. */
export interface JobDispatch {
  dispatched(jobIds: readonly string[]): Promise<void>;
}

export interface CohortServerOptions {
  db: Database;
  dispatch: JobDispatch;
  /** Origins (scheme://host:port) allowed to call /api/v1 from a browser: the course site. */
  allowedOrigins: readonly string[];
  /** Behind a TLS-terminating proxy: the client's address is the last X-Forwarded-For entry. */
  trustProxy: boolean;
  /** The address learners reach this server at, for join links; defaults to the request's origin. */
  publicUrl?: string;
  /** Where the course site is, for links from learner pages to a lab. */
  courseUrl?: string;
}

export type CohortEnv = {
  Variables: {
    options: CohortServerOptions;
    session: (Session & { id: string }) | undefined;
    instructor: Instructor | undefined;
    learner: Learner | undefined;
  };
};
