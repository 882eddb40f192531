/**
 * The editor is there the moment the lab opens: a plain one takes the learner's typing while Monaco
 * and the lab's declarations load, then Monaco takes over with the edits, the file and the cursor.
 * Where Monaco cannot load, the plain editor stays and the work is still saved.
 */
import type { Page, Route } from '@playwright/test';
import { expect, LAB, LESSON_PATH, savedFiles, test } from './workspace-helpers.ts';

const PLAIN = '.ws-editor textarea.ws-plain-editor';

/** Holds the lab's declarations (the full editor waits for them) until the returned function is called. */
async function holdDeclarations(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**/labs/${LAB}/types.json`, async (route: Route) => {
    await released;
    await route.continue();
  });
  return release;
}

test('typing before Monaco has loaded: the text, the file and the cursor carry over', async ({ page }) => {
  const release = await holdDeclarations(page);
  await page.goto(LESSON_PATH);
  await page.getByRole('button', { name: 'Open the lab' }).click();
  const plain = page.locator(PLAIN);
  await expect(plain).toBeVisible();
  await expect(plain).toHaveAccessibleName(/Lab code editor/);
  await expect(page.locator('.monaco-editor')).toHaveCount(0);
  // The second file, as a learner switching tabs while the editor loads.
  await page.getByRole('tab', { name: /src\/server\.ts/ }).click();
  await expect(plain).toHaveValue(/createApp/);
  await plain.focus();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('\n// typed early');
  await expect.poll(async () => (await savedFiles(page))['src/server.ts']).toContain('// typed early');
  await page.screenshot({ path: test.info().outputPath('plain-editor.png') });

  release();
  await expect(page.locator('.ws-editor .monaco-editor')).toBeVisible();
  await expect(plain).toHaveCount(0);
  await expect(page.locator('.ws-editor .view-lines')).toContainText('// typed early');
  // Laid out in its full size as it was made: the code starts at the left edge, not scrolled sideways under the line numbers.
  const scrolledLeft = () => page.locator('.ws-editor .monaco-scrollable-element.editor-scrollable').first().evaluate((el) => el.querySelector('.lines-content')!.getBoundingClientRect().left - el.getBoundingClientRect().left);
  expect(await scrolledLeft()).toBeGreaterThanOrEqual(0);
  // Focus and cursor moved with it: typing goes on right where it stopped.
  await page.keyboard.type(' and late');
  await expect(page.locator('.ws-editor .view-lines')).toContainText('// typed early and late');
  await expect.poll(async () => (await savedFiles(page))['src/server.ts']).toMatch(/\/\/ typed early and late$/);
  await page.screenshot({ path: test.info().outputPath('monaco-took-over.png') });
});

test.describe('when Monaco cannot load', () => {
  test.use({ allowedConsoleErrors: [[/ERR_CONNECTION_REFUSED/], { scope: 'test' }] });

  test('the plain editor stays, says why, and the work is still saved', async ({ page }) => {
    await page.route(`**/labs/${LAB}/types.json`, (route) => route.abort('connectionrefused'));
    await page.goto(LESSON_PATH);
    await page.getByRole('button', { name: 'Open the lab' }).click();
    await expect(page.getByText(/The code editor could not load .*you can edit here as plain text/)).toBeVisible();
    const plain = page.locator(PLAIN);
    await expect(plain).toHaveAccessibleName(/the full editor could not load/);
    await plain.focus();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('\n// still mine');
    await expect.poll(async () => Object.values(await savedFiles(page)).join('\n')).toContain('// still mine');
  });
});
