/**
 * Lab 04 walked through as a learner would: run the starter, take the database down and watch the
 * probes (a hanging one turns red at its 1 s timeout, as a kubelet counts it), see the checks fail,
 * fix src/health.ts, and watch liveness stay green while readiness goes red.
 */
import { expect, expectAllChecksPass, openLab, pasteIntoFile, referenceFile, test } from './workspace-helpers.ts';

const LAB = '04-health';
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('edit → run → see the failure → fix → probes and checks green', async ({ page }) => {
  await openLab(page, `/lessons/${LAB}/`);
  const probes = page.getByRole('list', { name: 'Probe results' });
  const livez = probes.locator('li', { hasText: 'GET /livez' });
  const readyz = probes.locator('li', { hasText: 'GET /readyz' });

  // The starter: liveness asks the database, so a database outage fails liveness too.
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Running: Local runtime' })).toBeVisible();
  await page.getByRole('tab', { name: 'Probes' }).click();
  await expect(livez).toContainText('HTTP 200');
  await page.getByRole('radio', { name: 'Down' }).check();
  await expect(livez).toContainText('HTTP 503');
  await page.screenshot({ path: test.info().outputPath('starter-database-down.png') });
  // The starter's liveness waits on a hanging database: each probe is a red "no answer in 1 s" at its
  // timeout, and the strip keeps moving while the service hangs.
  await page.getByRole('radio', { name: 'Hanging' }).check();
  await expect(livez.locator('.probe-latest')).toHaveText('no answer in 1 s', { timeout: 5000 });
  await expect(livez.locator('.probe-latest')).toHaveClass(/\bbad\b/);
  const unanswered = livez.locator('.probe-strip .cell.bad[title="no answer in 1 s"]');
  await expect.poll(() => unanswered.count(), { timeout: 8000 }).toBeGreaterThanOrEqual(4);
  await page.screenshot({ path: test.info().outputPath('starter-database-hanging.png') });
  await page.getByRole('button', { name: 'Run checks' }).click();
  const checks = page.getByRole('tabpanel', { name: 'Checks' });
  await expect(checks.getByRole('status')).toContainText(/checks pass: \d+\/\d+ points/, { timeout: 60_000 });
  await expect(checks.locator('li.failed', { hasText: 'Liveness stays 200 while the database is down' })).toBeVisible();

  // The fix.
  await pasteIntoFile(page, 'src/health.ts', await referenceFile('src/health.ts', LAB), LAB);
  await page.getByRole('button', { name: 'Restart' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Running: Local runtime' })).toBeVisible();
  await page.getByRole('tab', { name: 'Probes' }).click();
  await expect(readyz).toContainText('HTTP 200');
  await page.getByRole('radio', { name: 'Down' }).check();
  await expect(readyz).toContainText('HTTP 503');
  await expect(livez).toContainText('HTTP 200');
  await page.getByRole('radio', { name: 'Hanging' }).check();
  await page.waitForTimeout(2500);
  await expect(livez).toContainText('HTTP 200');
  await expect(readyz).toContainText('HTTP 503');
  await page.screenshot({ path: test.info().outputPath('fixed-database-hanging.png') });
  await page.getByRole('radio', { name: 'Up' }).check();
  await expect(readyz).toContainText('HTTP 200', { timeout: 5000 });

  await page.getByRole('button', { name: 'Run checks' }).click();
  await expectAllChecksPass(checks, LAB, 60_000);
});
