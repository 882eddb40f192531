/**
 * The Audit page: a learner audits a service on their machine from the browser and reads the findings
 * item by item, downloads the report; a remote address is refused with the reason; axe finds nothing.
 */
import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import { expect, test } from './workspace-helpers.ts';
import { startCareless } from '../audit/services/careless.ts';

test('auditing a careless service from the page: findings as they come, the summary, the HTML report', async ({ page }) => {
  const careless = await startCareless();
  try {
    await page.goto('/audit/');
    await page.getByLabel("The service's base URL").fill(careless.url);
    await page.getByText('Where its probes, metrics and an ordinary route are').click();
    await page.getByLabel('Liveness').fill('/health');
    await page.getByLabel('Readiness').fill('/health');
    await page.getByRole('button', { name: 'Run the audit' }).click();
    const status = page.getByRole('status');
    await expect(status).toContainText(/items fail\./, { timeout: 90_000 });
    const items = page.getByRole('list', { name: 'Findings' }).getByRole('listitem');
    await expect(items).toHaveCount(21);
    await expect(items.filter({ hasText: 'Failed: Answers carry the secure headers' })).toContainText('X-Powered-By: orders/1.0');
    await expect(items.filter({ hasText: 'Passed: The liveness endpoint answers 200' })).toHaveCount(1);
    await expect(items.filter({ hasText: 'Failed: One client' }).getByRole('link', { name: 'Lesson 07, Rate limiting' })).toHaveAttribute('href', '/lessons/07-rate-limiting/');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the report (HTML)' }).click()]);
    const html = await readFile((await download.path())!, 'utf8');
    expect(html).toContain('items fail.');
    await page.screenshot({ path: test.info().outputPath('audit.png'), fullPage: true });
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  } finally {
    careless.server.close();
  }
});

test('a remote address is refused, with why', async ({ page }) => {
  await page.goto('/audit/');
  await page.getByLabel("The service's base URL").fill('http://10.1.2.3:8080');
  await page.getByRole('button', { name: 'Run the audit' }).click();
  await expect(page.getByRole('status')).toContainText('not this machine');
  await expect(page.getByRole('list', { name: 'Findings' }).getByRole('listitem')).toHaveCount(0);
});
