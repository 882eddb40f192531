/**
 * What the workspace shows is about now: output of an earlier session is marked as such, a reset file
 * starts at its top-left corner, and the solution's diff opens without a console error (every test
 * here fails on one, see workspace-helpers.ts).
 */
import { focusEditor, LAB, LESSON_PATH, openLab, expect, test } from './workspace-helpers.ts';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('a fresh session shows the output of an earlier one folded away and marked, not as current', async ({ browser, page }) => {
  // An earlier session: a run that fails with a SyntaxError, then the tab is closed.
  const earlier = await browser.newContext({ storageState: await page.context().storageState() });
  const abandoned = await earlier.newPage();
  await abandoned.goto(LESSON_PATH);
  await abandoned.evaluate((lab) => {
    localStorage.setItem(`operable:lab:${lab}:files`, JSON.stringify({ 'src/server.ts': 'this is not TypeScript {{{\n' }));
  }, LAB);
  await abandoned.getByRole('button', { name: 'Open the lab' }).click();
  await abandoned.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(abandoned.getByRole('log', { name: 'Service output' })).toContainText('SyntaxError', { timeout: 30_000 });
  await earlier.close();

  // A fresh session (its own storage): the log says where that output came from, and keeps it folded.
  await openLab(page);
  const log = page.getByRole('log', { name: 'Service output' });
  const fold = log.locator('details');
  await expect(fold.locator('summary')).toHaveText(/^Output from before this page opened \(an earlier session\): \d+ lines?$/);
  await expect(fold).not.toHaveAttribute('open');
  await expect(log.getByText('SyntaxError').filter({ visible: true })).toHaveCount(0);
  await fold.locator('summary').click();
  await expect(fold).toContainText('SyntaxError');
});

test('Reset to starter leaves the editor at the top-left corner of the file, not scrolled sideways', async ({ page }) => {
  await openLab(page);
  await page.getByRole('tab', { name: /src\/shutdown\.ts/ }).click();
  await focusEditor(page);
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.insertText(`\n// ${'a very long line that scrolls the editor sideways '.repeat(8)}`);
  const scrolledLeft = () => page.locator('.ws-editor .monaco-scrollable-element.editor-scrollable').first().evaluate((el) => el.querySelector('.lines-content')!.getBoundingClientRect().left - el.getBoundingClientRect().left);
  await expect.poll(scrolledLeft).toBeLessThan(-100);
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Reset to starter' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Reset to the starter.' })).toBeVisible();
  await expect.poll(scrolledLeft).toBeGreaterThanOrEqual(0);
  await expect(page.locator('.ws-editor .line-numbers').first()).toHaveText('1');
});

test('the solution diff opens after TypeScript has loaded, without a console error', async ({ page }) => {
  await openLab(page);
  // A diagnostic means Monaco's TypeScript support (and what it brings) is loaded.
  await page.getByRole('tab', { name: /src\/shutdown\.ts/ }).click();
  await focusEditor(page);
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.insertText('\nconst broken: number = "x";');
  await expect(page.getByRole('tab', { name: /src\/shutdown\.ts · 1 error/ })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Reveal solution' }).click();
  const diff = page.getByRole('region', { name: /Solution: src\/shutdown\.ts/ });
  await expect(diff.locator('.monaco-diff-editor')).toBeVisible();
  await page.waitForTimeout(1000); // the diff editor's contributions start after it shows
  await diff.getByRole('button', { name: 'Close' }).click();
  await expect(diff).toBeHidden();
});
