/**
 * Lab 07 walked through as a learner would: the starter lets every login attempt through and the
 * checks say so; with the limiter written, the fourth login in a window is a 429 with Retry-After
 * while the liveness probe stays green, and every check passes.
 */
import { expect, expectAllChecksPass, openLab, pasteIntoFile, referenceFile, test } from './workspace-helpers.ts';

const LAB = '07-rate-limiting';
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('starter → unlimited logins and failing checks → the limiter → a 429 with Retry-After, probes green, every check passes', async ({ page }) => {
  // limit.memory-bounded sends 120,000 requests: 45 s on a quiet machine, up to three minutes on a busy one.
  test.setTimeout(420_000);
  await openLab(page, `/lessons/${LAB}/`);
  const results = page.getByRole('list', { name: 'Request results' });
  const login = page.getByRole('button', { name: 'POST /login' });

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Running: Local runtime' })).toBeVisible();
  await page.getByRole('tab', { name: 'Requests' }).click();
  for (let attempt = 0; attempt < 5; attempt++) await login.click();
  await expect(results.locator('li').first()).toContainText('HTTP 401'); // the fifth attempt still reaches the handler
  await page.getByRole('button', { name: 'Run checks' }).click();
  const checks = page.getByRole('tabpanel', { name: 'Checks' });
  await expect(checks.getByRole('status')).toContainText(/checks pass: \d+\/\d+ points/, { timeout: 120_000 });
  await expect(checks.locator('li.failed').first()).toBeVisible();

  for (const file of ['src/rate-limit.ts', 'src/client-address.ts']) await pasteIntoFile(page, file, await referenceFile(file, LAB), LAB);
  await page.getByRole('button', { name: 'Restart' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Running: Local runtime' })).toBeVisible();
  await page.getByRole('tab', { name: 'Requests' }).click();
  for (let attempt = 0; attempt < 4; attempt++) await login.click();
  const refused = results.locator('li').first();
  await expect(refused).toContainText('HTTP 429');
  await expect(refused).toContainText(/retry-after/i);
  await expect(refused).toContainText('application/problem+json');
  await page.getByRole('button', { name: 'GET /livez' }).click();
  await expect(results.locator('li').first()).toContainText('HTTP 200');
  await page.screenshot({ path: test.info().outputPath('lab07-login-limited.png') });

  await page.getByRole('button', { name: 'Run checks' }).click();
  await expectAllChecksPass(checks, LAB, 300_000);
});
