/**
 * Lab 09's queue panel: it polls the learner's job list every second and shows depth, running,
 * succeeded, failed and retries. With the reference, the declared batch (14 ordinary, 4 flaky, 2
 * poison jobs), sent from the keyboard as POSTs with JSON bodies, fills the queue, runs four at a time,
 * and ends with 18 succeeded, 2 failed and 16 retries (2 for each flaky job, 4 for each poison one).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, openLab, pasteIntoFile, referenceFile, test } from './workspace-helpers.ts';

const LAB = '09-background-jobs';
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('a batch of jobs from the workspace shows in the queue panel: depth, running, succeeded, failed, retries', async ({ page }) => {
  await openLab(page, `/lessons/${LAB}/`);
  for (const path of ['src/jobs.ts', 'src/routes.ts']) await pasteIntoFile(page, path, await referenceFile(path, LAB), LAB);
  const panel = page.getByRole('tabpanel', { name: 'Queue', exact: true });
  /** A number of the panel's text alternative, by its term ("Retries"). */
  const number = (term: string) => panel.locator('.red-numbers div').filter({ has: page.getByText(term, { exact: true }) }).locator('dd');
  const value = async (term: string) => Number(await number(term).textContent());

  await page.getByRole('tab', { name: 'Queue', exact: true }).click();
  const send = panel.getByRole('button', { name: 'Send 20 jobs' });
  await expect(send).toBeDisabled(); // nothing to send to before Run
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Running: Local runtime' })).toBeVisible();
  await page.getByRole('tab', { name: 'Queue', exact: true }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Last poll read: 0 jobs listed.' })).toBeVisible();
  await expect(number('Depth (queued)')).toHaveText('0');
  expect((await new AxeBuilder({ page }).include('.queue-panel').analyze()).violations).toEqual([]);

  // The control works from the keyboard: a count changed, then the button pressed with Enter.
  const poison = panel.getByRole('spinbutton', { name: 'Poison jobs' });
  await poison.fill('3');
  await expect(panel.getByRole('button', { name: 'Send 21 jobs' })).toBeVisible();
  await poison.fill('2');
  await send.focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('status').filter({ hasText: /^20 sent: 20 accepted\.$/ })).toBeVisible();

  // Four workers: the rest wait in the queue, then drain.
  await expect.poll(() => value('Depth (queued)'), { timeout: 5000 }).toBeGreaterThan(0);
  await expect(number('Running')).toHaveText('4');
  await page.waitForTimeout(2000); // a few points on the charts
  await panel.screenshot({ path: test.info().outputPath('queue-panel-busy.png') });
  await expect.poll(async () => (await value('Succeeded')) + (await value('Failed')), { timeout: 60_000 }).toBe(20);
  await expect(number('Succeeded')).toHaveText('18');
  await expect(number('Failed')).toHaveText('2');
  await expect(number('Retries')).toHaveText('16');
  await expect(number('Depth (queued)')).toHaveText('0');
  await expect(panel.locator('.red-charts canvas')).toHaveCount(3);
  await panel.screenshot({ path: test.info().outputPath('queue-panel-done.png') });
  await panel.locator('.red-charts').scrollIntoViewIfNeeded();
  await panel.locator('.red-charts').screenshot({ path: test.info().outputPath('queue-charts.png') });

  // A stopped service is not polled, and its numbers are not turned into zeros.
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'The service is not running: no polls.' })).toBeVisible();
  await expect(send).toBeDisabled();
});
