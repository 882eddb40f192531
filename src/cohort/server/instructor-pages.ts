/**
 * @module
 * The instructor's pages: their cohorts; a cohort's join link, roster, assignments, notes and audit log;
 * the gradebook with its exports and drill-down; regrades. Every page needs a signed-in instructor, and
 * a cohort of another instructor is "not found". The pages live in `instructor/`, one file per page.
 */
import { Hono } from 'hono';
import type { CohortEnv } from './env.ts';
import { cohortRoutes } from './instructor/cohort-page.ts';
import { cohortsRoutes } from './instructor/cohorts-page.ts';
import { gradebookExportRoutes } from './instructor/gradebook-export.ts';
import { gradebookPageRoutes } from './instructor/gradebook-page.ts';
import { regradeRoutes } from './instructor/regrade.ts';
import { submissionPageRoutes } from './instructor/submission-page.ts';

export function instructorPages() {
  const app = new Hono<CohortEnv>();
  // The exports before the page: `/cohorts/:id/gradebook.csv` is not the gradebook of a cohort "x.csv".
  app.route('/', gradebookExportRoutes());
  app.route('/', cohortsRoutes());
  app.route('/', cohortRoutes());
  app.route('/', gradebookPageRoutes());
  app.route('/', submissionPageRoutes());
  app.route('/', regradeRoutes());
  return app;
}
