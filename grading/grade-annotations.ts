/**
 * @module
 * The annotations a submission's Playwright test carries, which is all a gradebook needs from a report:
 * who and which lab (declared with the test, so even a grading that crashed or timed out says whose it
 * was), the points possible, and once graded the score and every check's result.
 */
import { z } from 'zod';
import type { LabReport } from '../src/engine/report.ts';

export const ANNOTATION = {
  learner: 'learner',
  lab: 'lab',
  /** Points of all the lab's checks. */
  maxScore: 'max-score',
  /** How many (learner, lab) gradings the whole run has across its shards: a missing shard shows. */
  gradings: 'gradings',
  /** Points of the passed checks, once graded. */
  score: 'score',
  /** One per check, once graded: JSON of checkAnnotationSchema. */
  check: 'check',
} as const;

/**
 * Learner names become CSV cells, test titles and file names: an ASCII letter or digit first (so a
 * spreadsheet never reads a formula, `=`, `+`, `-`, `@`, and no hidden or relative folder), then
 * letters, digits, `.`, `_`, `-`, `@`, `+`; 64 characters at most. GitHub user names and e-mail
 * addresses fit.
 */
export const SAFE_LEARNER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/;

export const checkAnnotationSchema = z.object({
  id: z.string().describe('Stable check id, e.g. shutdown.drains-in-flight'),
  title: z.string().describe('What the check proves'),
  points: z.number().int().nonnegative(),
  passed: z.boolean(),
  message: z.string().describe('On failure: what was expected and what was observed; on success, empty'),
});
export type CheckAnnotation = z.infer<typeof checkAnnotationSchema>;

export interface Annotation {
  type: string;
  description?: string;
}

/** Declared with the test, before it runs. */
export function gradingAnnotations(grading: { learner: string; labId: string; maxScore: number; gradings: number }): Annotation[] {
  return [
    { type: ANNOTATION.learner, description: grading.learner },
    { type: ANNOTATION.lab, description: grading.labId },
    { type: ANNOTATION.maxScore, description: String(grading.maxScore) },
    { type: ANNOTATION.gradings, description: String(grading.gradings) },
  ];
}

/** Added when the grading is done: the score, then each check. */
export function reportAnnotations(report: LabReport): Annotation[] {
  return [
    { type: ANNOTATION.score, description: String(report.score) },
    ...report.checks.map((check) => ({
      type: ANNOTATION.check,
      description: JSON.stringify({ id: check.id, title: check.title, points: check.points, passed: check.passed, message: check.message } satisfies CheckAnnotation),
    })),
  ];
}
