/**
 * The grader is itself tested: for every lab, the starter fails, the reference solution passes every
 * check, and each known mistake starts fine but fails the check named for it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pLimit from 'p-limit';
import { labs } from '../../labs/index.ts';
import { gradeSubmission, loadSubmission } from '../../src/engine/node/grade.ts';
import { listMistakes } from '../../src/engine/node/mistakes.ts';
import { labFolders } from '../../src/engine/node/project-paths.ts';
import type { LabReport } from '../../src/engine/report.ts';

/** Mistakes graded at once: each runs two checks, in the grader's bounded check slots. */
const MISTAKES_AT_ONCE = 4;

function failures(report: LabReport): string {
  return report.checks
    .filter((check) => !check.passed)
    .map((check) => `${check.id}: ${check.message}`)
    .join('\n');
}

for (const lab of labs) {
  const { id } = lab.manifest;
  describe(`lab ${id}`, () => {
    test('the starter runs but fails the lab', async () => {
      const report = await gradeSubmission(lab, await loadSubmission(lab), { retryFailed: false, refuseWhenOverloaded: false });
      assert.equal(report.passed, false, 'the starter passes every check: the lab teaches nothing');
      const answers = report.checks.find((check) => check.id === 'service.answers');
      assert.equal(answers?.passed, true, `the starter must run: ${answers?.message}`);
    });

    test('the reference solution passes every check', async () => {
      const report = await gradeSubmission(lab, await loadSubmission(lab, labFolders(id).solution));
      assert.equal(report.passed, true, failures(report));
      assert.equal(report.score, report.maxScore);
    });

    test('each mistake starts but fails the check named for it', async (t) => {
      const mistakes = await listMistakes(lab);
      assert.ok(mistakes.length >= 5, `lab ${id} has only ${mistakes.length} mistakes`);
      // Graded a few at a time: most of a mistake's grading is waiting (for a refusal that never comes,
      // or a deadline), and the grader's check slots keep the machine from being overcommitted.
      const limit = pLimit(MISTAKES_AT_ONCE);
      const reports = mistakes.map((mistake) =>
        limit(async () =>
          gradeSubmission(lab, await loadSubmission(lab, mistake.dir), { only: ['service.answers', mistake.fails], retryFailed: false, refuseWhenOverloaded: false }),
        ),
      );
      // Every grading is awaited below; none may reject unobserved before its turn comes.
      for (const report of reports) report.catch(() => {});
      for (const [index, mistake] of mistakes.entries()) {
        await t.test(`${mistake.slug} fails ${mistake.fails}`, async () => {
          const report = await reports[index]!;
          const [answers, named] = ['service.answers', mistake.fails].map((checkId) => report.checks.find((c) => c.id === checkId)!);
          assert.equal(answers!.passed, true, `${mistake.slug} does not even start: ${answers!.message}`);
          assert.equal(named!.passed, false, `${mistake.slug} (${mistake.description}) passes ${mistake.fails}`);
          assert.match(named!.message, /Expected .*\nObserved /s);
        });
      }
    });
  });
}
