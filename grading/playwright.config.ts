/**
 * Grading with Playwright Test: every check of a lab is a test, so Playwright's reporters (list, json,
 * junit, html, blob), parallel workers and --shard all apply. Run it through `npm run grade`, which
 * validates the lab and the folder and sets OPERABLE_LAB and OPERABLE_SUBMISSION; or, with
 * `--submissions <root>`, a test per (learner, lab) of a repository of submissions (submissions.spec.ts),
 * with OPERABLE_SUBMISSIONS_ROOT set.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: process.env.OPERABLE_SUBMISSIONS_ROOT ? 'submissions.spec.ts' : 'lab.spec.ts',
  fullyParallel: true,
  // Checks mostly wait on services (signals, slow requests): more workers than cores is fine.
  workers: Number(process.env.OPERABLE_WORKERS ?? 4),
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  outputDir: '../.operable/playwright-output',
});
