/**
 * One Playwright test per (learner, lab) of the submissions under OPERABLE_SUBMISSIONS_ROOT, laid out
 * `<root>/<learner>/<lab-id>/…` (submissions.ts). Each test grades with `gradeSubmission`, exactly as
 * `npx operable check` does: the lab's checks at once, a failed check run again after the others, "not
 * graded" on an overloaded machine. A test per (learner, lab) rather than per check keeps that one
 * grading together (its retry, its overload verdict), and a class of 30 learners and 10 labs is still
 * 300 tests to spread over shards.
 *
 * A graded submission passes, whatever its score: the score is in the annotations (grade-annotations.ts)
 * and `grading/gradebook.ts` turns them into grades. A test fails only when the submission could not be
 * graded (an overloaded machine, a file over the size limit, a symbolic link, a timeout); Playwright
 * retries it, and a gradebook reports what is still not graded as such, never as a zero.
 */
import { test } from '@playwright/test';
import { findLab } from '../labs/index.ts';
import { DEFAULT_CHECK_TIMEOUT_MS } from '../src/engine/check.ts';
import { CHECK_SLOTS, gradeSubmission, loadSubmission } from '../src/engine/node/grade.ts';
import { type CheckSlots, checkSlots } from '../src/engine/run-check.ts';
import { gradingAnnotations, reportAnnotations } from './grade-annotations.ts';
import { findSubmissions } from './submissions.ts';

const root = process.env.OPERABLE_SUBMISSIONS_ROOT;
if (!root) throw new Error('Set OPERABLE_SUBMISSIONS_ROOT, or run through `npm run grade -- --submissions <root>`.');
const gradings = findSubmissions(root);
// Someone else's code: never without the sandbox, unless `npm run grade -- … --no-sandbox` said so.
const sandbox = process.env.OPERABLE_SANDBOX === 'off' ? 'off' : 'required';

test.describe.configure({ mode: 'parallel', retries: 2 });

/**
 * Each Playwright worker is a process with its own check slots: dividing the machine's budget
 * (CHECK_SLOTS, three services per core) among the workers keeps the services running at once on a
 * shard's machine to what one `operable check` allows, so the checks' timing stays trustworthy and
 * the grader's overload verdict is not provoked by the grading itself.
 */
let slots: { concurrency: number; limit: CheckSlots } | undefined;
function workerSlots(workers: number) {
  const concurrency = Math.max(1, Math.floor(CHECK_SLOTS / Math.max(1, workers)));
  return (slots ??= { concurrency, limit: checkSlots(concurrency) });
}

for (const learner of [...new Set(gradings.map((grading) => grading.learner))]) {
  test.describe(learner, () => {
    for (const grading of gradings.filter((each) => each.learner === learner)) {
      const lab = findLab(grading.labId)!;
      const maxScore = lab.checks.reduce((sum, check) => sum + check.points, 0);
      const annotation = gradingAnnotations({ learner, labId: grading.labId, maxScore, gradings: gradings.length });
      test(`${lab.manifest.id}: ${lab.manifest.title}`, { annotation }, async ({}, testInfo) => {
        const { concurrency, limit } = workerSlots(testInfo.config.workers);
        // A backstop only, each check has its own timeout: every round of checks at its longest, twice (the retry).
        const longest = Math.max(...lab.checks.map((check) => check.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS));
        testInfo.setTimeout(2 * Math.ceil(lab.checks.length / concurrency) * longest + 30_000);
        const report = await gradeSubmission(lab, await loadSubmission(lab, grading.dir), { sandbox, slots: limit });
        testInfo.annotations.push(...reportAnnotations(report));
      });
    }
  });
}
