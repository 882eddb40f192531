/**
 * @module
 * A class's gradebook from Playwright's JSON report of `npm run grade -- --submissions <root>` (after
 * `playwright merge-reports --reporter=json` of every shard's blob report): a row per learner, a score
 * per lab, read from the tests' annotations (grade-annotations.ts). The zod schema is the JSON format.
 */
import type { JSONReport, JSONReportSuite, JSONReportTest } from '@playwright/test/reporter';
import { stringify } from 'csv-stringify/sync';
import stripAnsi from 'strip-ansi';
import { z } from 'zod';
import { ANNOTATION, type Annotation, checkAnnotationSchema, SAFE_LEARNER_NAME } from './grade-annotations.ts';

/** The report cannot be made into a gradebook (not a submissions report, a shard missing, runs mixed). */
export class GradebookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GradebookError';
  }
}

const labGradeSchema = z.discriminatedUnion('status', [
  z.object({
    lab: z.string(),
    status: z.literal('graded'),
    score: z.number().int().nonnegative().describe('Points of the passed checks'),
    maxScore: z.number().int().nonnegative(),
    checks: z.array(checkAnnotationSchema),
  }),
  z.object({
    lab: z.string(),
    status: z.literal('not-graded').describe('The grading did not finish (overloaded machine, a file refused, a timeout): no score, never a zero'),
    maxScore: z.number().int().nonnegative(),
    reason: z.string().describe("The grading's last error"),
  }),
]);

export const gradebookSchema = z.object({
  labs: z.array(z.object({ id: z.string(), maxScore: z.number().int().nonnegative() })).describe('The columns: every lab someone submitted, in course order'),
  learners: z.array(
    z.object({
      learner: z.string().describe("The learner's folder name in the submissions"),
      total: z.number().int().nonnegative().describe('Sum of the graded scores'),
      max: z.number().int().nonnegative().describe('Sum of every column’s maximum: a lab not submitted counts as 0 of its maximum'),
      labs: z.array(labGradeSchema).describe('The labs this learner submitted'),
    }),
  ),
  notGraded: z.number().int().nonnegative().describe('Gradings without a score; the CLI exits 1 when there are any'),
});

export type Gradebook = z.infer<typeof gradebookSchema>;
export type LabGrade = z.infer<typeof labGradeSchema>;

function allTests(suites: readonly JSONReportSuite[]): { title: string; test: JSONReportTest }[] {
  return suites.flatMap((suite) => [
    ...suite.specs.flatMap((spec) => spec.tests.map((test) => ({ title: spec.title, test }))),
    ...allTests(suite.suites ?? []),
  ]);
}

/** The last attempt's annotations (a retried test keeps each attempt's), or the test's when the report has none per result. */
function annotationsOf(test: JSONReportTest): Annotation[] {
  const last = test.results.at(-1);
  return last?.annotations?.length ? last.annotations : test.annotations;
}

function single(annotations: Annotation[], type: string): string | undefined {
  return annotations.find((annotation) => annotation.type === type)?.description;
}

function count(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Why the last attempt did not produce a score. */
function notGradedReason(test: JSONReportTest): string {
  const last = test.results.at(-1);
  const message = last?.error?.message ?? last?.errors?.[0]?.message;
  if (message) return stripAnsi(message).split('\n')[0]!.trim();
  if (last?.status === 'timedOut') return 'the grading timed out';
  return last ? `the grading ended "${last.status}" without a score` : 'the grading did not run';
}

function gradeOf(title: string, test: JSONReportTest, annotations: Annotation[], lab: string, maxScore: number): LabGrade {
  const score = count(single(annotations, ANNOTATION.score));
  if (test.results.at(-1)?.status !== 'passed' || score === undefined) return { lab, status: 'not-graded', maxScore, reason: notGradedReason(test) };
  const checks = annotations
    .filter((annotation) => annotation.type === ANNOTATION.check)
    .map((annotation) => {
      let value: unknown;
      try {
        value = JSON.parse(annotation.description ?? '');
      } catch {
        value = undefined;
      }
      const parsed = checkAnnotationSchema.safeParse(value);
      if (!parsed.success) throw new GradebookError(`test "${title}" has a malformed check annotation: ${annotation.description}`);
      return parsed.data;
    });
  return { lab, status: 'graded', score, maxScore, checks };
}

/** Builds the gradebook; throws GradebookError when the report cannot be trusted as a whole. */
export function gradebookFromReport(report: JSONReport): Gradebook {
  if (!Array.isArray(report?.suites)) throw new GradebookError('this is not a Playwright JSON report (no "suites"): pass the output of `npx playwright merge-reports --reporter=json <blob reports>`.');
  const tests = allTests(report.suites);
  if (tests.length === 0) throw new GradebookError('the report has no tests: did the grading run? Merge the blob reports of `npm run grade -- --submissions <root> --reporter=blob`.');
  const runSizes = new Set<number | undefined>();
  const rows = new Map<string, LabGrade[]>();
  const labs = new Map<string, number>();
  for (const { title, test } of tests) {
    const annotations = annotationsOf(test);
    const learner = single(annotations, ANNOTATION.learner);
    const lab = single(annotations, ANNOTATION.lab);
    const maxScore = count(single(annotations, ANNOTATION.maxScore));
    if (learner === undefined || lab === undefined || maxScore === undefined) {
      throw new GradebookError(`test "${title}" carries no learner, lab and max-score annotations: this report does not come from \`npm run grade -- --submissions <root>\`.`);
    }
    if (!SAFE_LEARNER_NAME.test(learner)) throw new GradebookError(`learner "${learner}" is not a safe name for a gradebook.`);
    runSizes.add(count(single(annotations, ANNOTATION.gradings)));
    const grades = rows.get(learner) ?? [];
    if (grades.some((grade) => grade.lab === lab)) {
      throw new GradebookError(`${learner}/${lab} is in the report twice: it merges overlapping runs (the same shard twice, or two runs). Merge one blob report per shard of a single run.`);
    }
    grades.push(gradeOf(title, test, annotations, lab, maxScore));
    rows.set(learner, grades);
    labs.set(lab, maxScore);
  }
  const [runSize, ...others] = runSizes;
  if (others.length || runSize === undefined) throw new GradebookError('the report merges gradings of different runs: merge the blob reports of one run only.');
  if (runSize !== tests.length) {
    throw new GradebookError(`the report has ${tests.length} of the run's ${runSize} gradings: a shard's blob report is missing. Merge the blob reports of every shard.`);
  }
  const columns = [...labs].map(([id, maxScore]) => ({ id, maxScore })).sort((a, b) => (a.id < b.id ? -1 : 1));
  const max = columns.reduce((sum, lab) => sum + lab.maxScore, 0);
  const learners = [...rows]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([learner, grades]) => ({
      learner,
      total: grades.reduce((sum, grade) => sum + (grade.status === 'graded' ? grade.score : 0), 0),
      max,
      labs: grades.sort((a, b) => (a.lab < b.lab ? -1 : 1)),
    }));
  const notGraded = learners.reduce((sum, row) => sum + row.labs.filter((grade) => grade.status === 'not-graded').length, 0);
  return { labs: columns, learners, notGraded };
}

/**
 * The gradebook as CSV for an LMS import (RFC 4180: a header row, CRLF line ends, quotes where a field
 * needs them): `learner`, a column per lab with its score, `total`, `max`. A lab not submitted or not
 * graded is an empty cell, which LMS imports leave ungraded rather than set to zero.
 */
export function gradebookCsv(book: Gradebook): string {
  const header = ['learner', ...book.labs.map((lab) => lab.id), 'total', 'max'];
  const rows = book.learners.map((row) => [
    row.learner,
    ...book.labs.map((lab) => {
      const grade = row.labs.find((each) => each.lab === lab.id);
      return grade?.status === 'graded' ? String(grade.score) : '';
    }),
    String(row.total),
    String(row.max),
  ]);
  return stringify([header, ...rows], { record_delimiter: 'windows' });
}
