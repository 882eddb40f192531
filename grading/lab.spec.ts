/**
 * One Playwright test per check of the lab named by OPERABLE_LAB, graded against the folder in
 * OPERABLE_SUBMISSION (the starter when unset). The check functions are the same the CLI runs.
 */
import { test } from '@playwright/test';
import { findLab } from '../labs/index.ts';
import { DEFAULT_CHECK_TIMEOUT_MS } from '../src/engine/check.ts';
import { gradeCheck, loadSubmission } from '../src/engine/node/grade.ts';

const labId = process.env.OPERABLE_LAB;
if (!labId) throw new Error('Set OPERABLE_LAB to a lab id, or run through `npm run grade -- <lab> <DIR>`.');
const lab = findLab(labId);
if (!lab) throw new Error(`There is no lab "${labId}".`);
const submissionDir = process.env.OPERABLE_SUBMISSION || undefined;
// Someone else's code: never without the sandbox, unless `npm run grade -- … --no-sandbox` said so.
const sandbox = process.env.OPERABLE_SANDBOX === 'off' ? 'off' : 'required';

test.describe.configure({ mode: 'parallel' });

test.describe(`${lab.manifest.id}: ${lab.manifest.title}`, () => {
  for (const check of lab.checks) {
    test(`${check.title} [${check.id}]`, async ({}, testInfo) => {
      testInfo.setTimeout((check.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS) + 15_000);
      testInfo.annotations.push({ type: 'check', description: check.id }, { type: 'points', description: String(check.points) });
      const result = await gradeCheck(lab, await loadSubmission(lab, submissionDir), check, { sandbox });
      testInfo.annotations.push({ type: 'measurements', description: JSON.stringify(result.measurements) });
      if (!result.passed) {
        const failure = new Error(`${result.message}\n\nHint: ${result.hint}`);
        failure.stack = failure.message; // the grader's own stack would only distract the learner
        throw failure;
      }
    });
  }
});
