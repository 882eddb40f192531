/**
 * Lab 08 walked through as a learner would: run the starter and see every read go to the store
 * (X-Cache: MISS each time); put a cache in src/cache.ts and see MISS then HIT-L1, a write the next
 * read shows, a cached product still served with the store down, and every check pass on the local
 * runtime, which runs the two-instance checks on a real Redis.
 */
import type { Locator } from '@playwright/test';
import { allChecksPass, expect, openLab, pasteIntoFile, referenceFile, test } from './workspace-helpers.ts';

const LAB = '08-caching';
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('the starter reads the store every time; the cache answers from L1, shows a write, outlives the store, and passes', async ({ page }) => {
  await openLab(page, `/lessons/${LAB}/`);
  const latest = page.getByRole('list', { name: 'Request results' }).locator('li').first();
  /** Clicks a suggested request and waits for its answer, which must carry this X-Cache. */
  const send = async (button: Locator, xCache?: string) => {
    await button.click();
    await expect(latest).toContainText('HTTP 200');
    if (xCache) await expect(latest.locator('pre')).toContainText(`x-cache: ${xCache}`);
  };
  const read = page.getByRole('button', { name: 'GET /products/42' });
  const write = page.getByRole('button', { name: 'PUT /products/42' });

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Running: Local runtime' })).toBeVisible();
  await page.getByRole('tab', { name: 'Requests', exact: true }).click();
  await send(read, 'MISS');
  await send(read, 'MISS');
  await page.screenshot({ path: test.info().outputPath('starter-every-read-a-miss.png') });

  await pasteIntoFile(page, 'src/cache.ts', await referenceFile('src/cache.ts', LAB), LAB);
  await page.getByRole('button', { name: 'Restart' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Running: Local runtime' })).toBeVisible();
  await page.getByRole('tab', { name: 'Requests', exact: true }).click();
  await send(read, 'MISS');
  await send(read, 'HIT-L1');
  await send(write);
  await expect(latest.locator('pre')).toContainText('"version":1');
  await send(read, 'MISS');
  await expect(latest.locator('pre')).toContainText('"version":1');
  await page.getByRole('radio', { name: 'Down' }).check();
  await send(read, 'HIT-L1');
  await page.screenshot({ path: test.info().outputPath('fixed-hit-l1-with-the-store-down.png') });
  await page.getByRole('radio', { name: 'Up' }).check();

  await page.getByRole('button', { name: 'Run checks' }).click();
  const checks = page.getByRole('tabpanel', { name: 'Checks' });
  await expect(checks.getByRole('status')).toHaveText(allChecksPass(LAB), { timeout: 90_000 });
});
