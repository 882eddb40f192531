/**
 * Lab 10 walked through as a learner would: the starter answers a missing order in plain text and the
 * checks name what is missing; with the checklist
 * composed in src/operations.ts the same requests answer problems with request ids, the slow report
 * ends in a 504, and every check passes.
 */
import { expect, expectAllChecksPass, openLab, pasteIntoFile, referenceFile, test } from './workspace-helpers.ts';

const LAB = '10-readiness-checklist';
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('starter → failing checks → the checklist composed → problems, request ids, a 504, and every check green', async ({ page }) => {
  await openLab(page, `/lessons/${LAB}/`);
  const results = page.getByRole('list', { name: 'Request results' });

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Running: Local runtime' })).toBeVisible();
  await page.getByRole('tab', { name: 'Requests' }).click();
  await page.getByRole('button', { name: 'GET /orders/99' }).click();
  // The starter has no error handler: Hono answers the route's 404 in plain text.
  await expect(results.locator('li').first()).toContainText('HTTP 404');
  await expect(results.locator('li').first()).not.toContainText('application/problem+json');
  await page.getByRole('button', { name: 'Run checks' }).click();
  const checks = page.getByRole('tabpanel', { name: 'Checks' });
  await expect(checks.getByRole('status')).toContainText(/checks pass: \d+\/\d+ points/, { timeout: 90_000 });
  await expect(checks.locator('li.failed', { hasText: 'Every log line a request causes carries its request id' })).toBeVisible();
  await expect(checks.locator('li.failed', { hasText: 'the work stops' })).toBeVisible();

  await pasteIntoFile(page, 'src/operations.ts', await referenceFile('src/operations.ts', LAB), LAB);
  await page.getByRole('button', { name: 'Restart' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Running: Local runtime' })).toBeVisible();
  await page.getByRole('tab', { name: 'Requests' }).click();
  await page.getByRole('button', { name: 'GET /orders/99' }).click();
  await expect(results.locator('li').first()).toContainText('HTTP 404');
  await expect(results.locator('li').first()).toContainText('application/problem+json');
  await page.getByRole('button', { name: 'POST /payments' }).click();
  await expect(results.locator('li').first()).toContainText('HTTP 500');
  await expect(results.locator('li').first()).not.toContainText('sk_live_');
  await page.getByRole('button', { name: 'GET /reports/slow' }).click();
  await expect(results.locator('li').first()).toContainText('HTTP 504', { timeout: 10_000 });
  await page.getByRole('tab', { name: 'Logs' }).click();
  const log = page.getByRole('log', { name: 'Service output' });
  await expect(log).toContainText('"requestId"');
  await expect(log).toContainText('[redacted]');
  await expect(log).not.toContainText('sk_live_');
  await page.screenshot({ path: test.info().outputPath('lab10-fixed-logs.png') });

  await page.getByRole('button', { name: 'Run checks' }).click();
  await expectAllChecksPass(checks, LAB, 90_000);
});
