/**
 * Lab 08 walked through as a learner would: run the starter and see every read go to the store
 * (X-Cache: MISS each time); put a cache in src/cache.ts and see MISS then HIT-L1, a write the next
 * read shows, a cached product still served with the store down, and every check pass on the local
 * runtime, which runs the two-instance checks on a real Redis. The Cache panel counts the X-Cache of
 * those answers and the store's reads, runs instance B on the same real Redis (a write on A, read on
 * B), and charts hits per tier and store reads per second while its read generator runs.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator } from '@playwright/test';
import { expect, expectAllChecksPass, openLab, pasteIntoFile, referenceFile, test } from './workspace-helpers.ts';

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

  // ── the Cache panel: what those answers were, and a second instance on the same Redis ──
  await page.getByRole('tab', { name: 'Cache', exact: true }).click();
  const panel = page.getByRole('tabpanel', { name: 'Cache', exact: true });
  const number = (term: string) => panel.locator('.red-numbers div').filter({ has: page.getByText(term, { exact: true }) }).locator('dd');
  await expect(panel.getByText(/^A real Redis \(redis-server on 127\.0\.0\.1:\d+\) runs beside your service/)).toBeVisible();
  await expect(panel.getByText('Instance A: 2 HIT-L1 · 0 HIT-L2 · 2 MISS.', { exact: false })).toBeVisible(); // the Requests panel's answers, counted
  await expect(number('Store reads since Run')).toHaveText('2');
  await panel.getByRole('button', { name: 'Start instance B' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Instance B runs beside A, on the same Redis' })).toBeVisible();
  await expect(panel.getByText(/Instance A: port \d+ · instance B: port \d+/)).toBeVisible();
  const answers = panel.getByRole('list', { name: 'Cache panel answers' }).locator('li');
  const to = panel.getByRole('combobox', { name: 'Send to instance' });
  const sendTo = async (instance: 'A' | 'B', method: 'GET' | 'PUT', expected: RegExp) => {
    await to.selectOption(instance);
    await panel.getByRole('button', { name: `${method} /products/{id}` }).click();
    await expect(answers.first()).toHaveText(expected);
  };
  await panel.getByRole('spinbutton', { name: 'Product id' }).fill('7');
  await sendTo('A', 'GET', /^A GET \/products\/7 HTTP 200 in \d+ ms · X-Cache: MISS · version 0$/);
  await sendTo('B', 'GET', /^B GET \/products\/7 HTTP 200 in \d+ ms · X-Cache: HIT-L2 · version 0$/);
  await sendTo('A', 'PUT', /^A PUT \/products\/7 HTTP 200 .* · version 1$/);
  await sendTo('B', 'GET', /^B GET \/products\/7 HTTP 200 in \d+ ms · X-Cache: MISS · version 1$/);
  await expect(number('Store reads since Run')).toHaveText('4');

  // The read generator, to both instances in turn: hits per second on the numbers and the charts.
  await panel.getByRole('spinbutton', { name: 'Reads per second' }).fill('10');
  await panel.getByRole('spinbutton', { name: 'For how many seconds' }).fill('6');
  await panel.getByRole('combobox', { name: 'Reads go to' }).selectOption('AB');
  await panel.getByRole('button', { name: 'Start reads' }).click();
  const hitsPerSecond = async () => Number(await number('L1 hits/s').textContent()) + Number(await number('L2 hits/s').textContent());
  await expect.poll(hitsPerSecond, { timeout: 8000 }).toBeGreaterThan(1);
  const finished = panel.getByRole('status').filter({ hasText: /^Reads finished: sent \d+ · answered \d+ · 5xx 0 · no answer 0/ });
  await expect(finished).toBeVisible({ timeout: 10_000 });
  const sent = Number(/sent (\d+)/.exec((await finished.textContent()) ?? '')![1]);
  expect(sent).toBeGreaterThan(30); // 60 due; a loaded machine may skip a few while 16 are in flight
  // Every answer is counted once it arrives: the Requests panel's 4, this panel's 3 reads, the generator's.
  const counted = async () => {
    const text = (await panel.getByText(/^Instance A: \d+ HIT-L1/).textContent()) ?? '';
    return [...text.matchAll(/(\d+) (HIT-L1|HIT-L2|MISS)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
  };
  await expect.poll(counted, { timeout: 10_000 }).toBe(4 + 3 + sent);
  await expect(panel.locator('.red-charts canvas')).toHaveCount(2);
  expect(Number(await number('Store reads since Run').textContent())).toBeLessThanOrEqual(4 + 2 * 20); // products 1–20: at most one store read each per instance (single flight is per instance)
  await panel.getByText(/^A real Redis/).scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('cache-panel-two-instances.png') });
  await panel.locator('.red-charts').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('cache-panel-charts.png') });
  expect((await new AxeBuilder({ page }).include('.cache-panel').analyze()).violations).toEqual([]);
  await panel.getByRole('button', { name: 'Stop instance B' }).click();
  await expect(panel.getByText(/Instance A: port \d+ · instance B: not running/)).toBeVisible();

  await page.getByRole('button', { name: 'Run checks' }).click();
  const checks = page.getByRole('tabpanel', { name: 'Checks' });
  await expectAllChecksPass(checks, LAB, 90_000);
});
