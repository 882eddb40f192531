/**
 * @module
 * A lab report made by hand, for tests of what happens around grading (storing, counting, showing).
 */
import type { LabReport } from '../../src/engine/report.ts';

/** Each check is worth 2 points. */
export function fakeReport(lab: string, passedIds: string[], failedIds: string[]): LabReport {
  const checks = [...passedIds.map((id) => [id, true] as const), ...failedIds.map((id) => [id, false] as const)].map(([id, passed]) => ({
    id,
    title: `Check ${id}`,
    points: 2,
    passed,
    message: passed ? '' : `Expected ${id} to hold; observed it did not`,
    hint: 'Lesson, section',
    measurements: {},
    durationMs: 10,
  }));
  return { lab, title: lab, passed: failedIds.length === 0, score: passedIds.length * 2, maxScore: checks.length * 2, durationMs: 20, checks };
}
