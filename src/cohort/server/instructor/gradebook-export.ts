/**
 * @module
 * The gradebook for other tools: CSV an LMS imports (one row per learner, one column per lab, then the
 * total and the most that could be scored), and JSON with every cell's detail.
 */
import { Hono } from 'hono';
import { stringify } from 'csv-stringify/sync';
import { gradebook } from '../../store/gradebook.ts';
import type { CohortEnv } from '../env.ts';
import { ownedCohort } from './context.ts';
import { describeRows, labMaxPoints, labTitle } from './gradebook-model.ts';

/** `Autumn 2026 (Paris)` → `autumn-2026-paris`, for a file name. */
export function slug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'cohort'
  );
}

export function gradebookExportRoutes() {
  const app = new Hono<CohortEnv>();

  app.get('/cohorts/:id/gradebook.csv', async (c) => {
    const { cohort } = await ownedCohort(c);
    const book = await gradebook(c.get('options').db, cohort.id);
    const labs = book.assignments.map((assignment) => assignment.lab);
    const rows = describeRows(book).map((row) => [
      row.learner.name,
      row.learner.email,
      row.learner.externalId ?? '',
      ...row.cells.map((cell) => (cell.score === null ? '' : String(cell.score))),
      String(row.total),
      String(row.maxTotal),
    ]);
    const csv = stringify([['name', 'email', 'id', ...labs, 'total', 'max_total'], ...rows]);
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${slug(cohort.name)}-gradebook.csv"`,
      'cache-control': 'no-store',
    });
  });

  app.get('/cohorts/:id/gradebook.json', async (c) => {
    const { cohort } = await ownedCohort(c);
    const book = await gradebook(c.get('options').db, cohort.id);
    c.header('cache-control', 'no-store');
    return c.json({
      cohort: { id: cohort.id, name: cohort.name },
      labs: book.assignments.map((assignment) => ({
        lab: assignment.lab,
        title: labTitle(assignment.lab),
        deadline: assignment.deadline === null ? null : new Date(assignment.deadline).toISOString(),
        latePolicy: assignment.latePolicy,
        maxScore: labMaxPoints(assignment.lab),
      })),
      learners: describeRows(book).map((row) => ({
        name: row.learner.name,
        email: row.learner.email,
        id: row.learner.externalId,
        joined: row.learner.joined,
        total: row.total,
        maxTotal: row.maxTotal,
        cells: Object.fromEntries(
          row.cells.map((cell) => [
            cell.lab,
            { score: cell.score, max: cell.max, late: cell.late, flagged: cell.flagged, status: cell.status, notes: cell.notes, checksVersion: cell.checksVersion, olderChecks: cell.olderChecks, submissionId: cell.submissionId },
          ]),
        ),
      })),
      failures: book.failures,
    });
  });
  return app;
}
