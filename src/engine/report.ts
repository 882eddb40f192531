/**
 * @module
 * The report of grading one lab: the format the CLI prints with --json, Playwright annotates, and the
 * workspace shows. The zod schema is its documentation.
 */
import { z } from 'zod';

export const checkResultSchema = z.object({
  id: z.string().describe('Stable check id, e.g. shutdown.drains-in-flight'),
  title: z.string().describe('What the check proves, in a sentence'),
  points: z.number().int().nonnegative(),
  passed: z.boolean(),
  message: z.string().describe('On failure: what was expected and what was observed; on success, empty'),
  hint: z.string().describe('Where in the lesson to look'),
  measurements: z
    .record(z.string(), z.number())
    .describe('Numbers the check observed, e.g. exitAfterSignalMs; inherentWaitMs is the waiting its scenario needs'),
  durationMs: z.number().nonnegative(),
  skipped: z
    .string()
    .optional()
    .describe('Set when this host could not run the check (it runs in the local runtime and in grading): why. Not passed, not failed'),
});

export const labReportSchema = z.object({
  lab: z.string(),
  title: z.string(),
  passed: z.boolean().describe('Every check ran and passed'),
  score: z.number().int().nonnegative().describe('Points of the passed checks'),
  maxScore: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative().describe('Wall time of the whole lab'),
  checks: z.array(checkResultSchema),
});

export type CheckResult = z.infer<typeof checkResultSchema>;
export type LabReport = z.infer<typeof labReportSchema>;

export function summarise(lab: { id: string; title: string }, checks: CheckResult[], durationMs: number): LabReport {
  return {
    lab: lab.id,
    title: lab.title,
    passed: checks.every((check) => check.passed),
    score: checks.reduce((sum, check) => sum + (check.passed ? check.points : 0), 0),
    maxScore: checks.reduce((sum, check) => sum + check.points, 0),
    durationMs: Math.round(durationMs),
    checks,
  };
}
