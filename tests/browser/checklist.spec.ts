/**
 * Lesson 10's interactive checklist: ticks and the service's name survive a reload, the list exports as
 * Markdown (clipboard and download), reset empties it, it works from the keyboard, axe finds nothing, it
 * reads as a plain list without JavaScript, and the page stays light.
 */
import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { checklist, checklistItems } from '../../src/content/checklist.ts';
import { expect, test } from './workspace-helpers.ts';

const LESSON = '/lessons/10-readiness-checklist/';
const total = checklistItems.length;
const [first, second] = [checklist[1]!.items[1]!, checklist[6]!.items[1]!]; // a logging item, a security item

test('ticks and the service name are kept across a reload, and export as grouped Markdown', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(LESSON);
  const progress = page.getByText(new RegExp(`^\\d+ of ${total} checked$`));
  await expect(progress).toHaveText(`0 of ${total} checked`);

  await page.getByRole('checkbox', { name: first.title }).check();
  // From the keyboard: focus the box, Space ticks it.
  await page.getByRole('checkbox', { name: second.title }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('textbox', { name: 'Service' }).fill('orders api');
  await expect(progress).toHaveText(`2 of ${total} checked`);

  await page.reload();
  await expect(page.getByRole('checkbox', { name: first.title })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: second.title })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: checklistItems[0]!.title })).not.toBeChecked();
  await expect(page.getByRole('textbox', { name: 'Service' })).toHaveValue('orders api');
  await expect(progress).toHaveText(`2 of ${total} checked`);

  await page.getByRole('button', { name: 'Copy as Markdown' }).click();
  await expect(page.getByRole('status')).toHaveText('Copied the checklist as Markdown.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/^# Production readiness: orders api\n/);
  expect(copied).toContain(`2 of ${total} items checked`);
  expect(copied).toContain(`## Logging\n\n- [ ] ${checklist[1]!.items[0]!.title}\n- [x] ${first.title} *audit: \`request.id-kept\`, \`request.id-made\`, \`request.id-untrusted-replaced\`*`);
  expect(copied).toContain(`- [x] ${second.title} *audit: \`cors.foreign-origin-refused\`*`);
  expect(copied.match(/^- \[[ x]\] /gm)).toHaveLength(total);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download .md' }).click()]);
  expect(download.suggestedFilename()).toBe('readiness-orders-api.md');
  expect(await readFile((await download.path())!, 'utf8')).toBe(copied);

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(progress).toHaveText(`0 of ${total} checked`);
  await page.reload();
  await expect(page.getByRole('checkbox', { name: first.title })).not.toBeChecked();
  await expect(page.getByRole('textbox', { name: 'Service' })).toHaveValue('');
});

test('axe finds no violations on lesson 10, with items ticked', async ({ page }) => {
  await page.goto(LESSON);
  await page.getByRole('checkbox', { name: first.title }).check();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0]?.target}`)).toEqual([]);
});

test('the audit’s links land on sections of lesson 10', async ({ page }) => {
  await page.goto(LESSON);
  for (const anchor of ['request-ids', 'errors', 'security', 'cors', 'limits', 'timeouts', 'the-lab', 'the-contract']) {
    await expect(page.locator(`article :is(h2, h3)#${anchor}`), anchor).toHaveCount(1);
  }
});

test('the lesson page stays light: at most 10 KB of JS and CSS (gzip) before the lab opens', async ({ page }) => {
  const fetched: Buffer[] = [];
  page.on('response', async (response) => {
    if (['script', 'stylesheet'].includes(response.request().resourceType())) fetched.push(await response.body().catch(() => Buffer.alloc(0)));
  });
  await page.goto(LESSON, { waitUntil: 'networkidle' });
  const inline = await page.evaluate(() => ({
    css: [...document.querySelectorAll('style')].map((s) => s.textContent ?? '').join(''),
    js: [...document.querySelectorAll('script:not([src])')].map((s) => s.textContent ?? '').join(''),
  }));
  const gzipBytes = fetched.reduce((sum, body) => sum + gzipSync(body).length, 0) + gzipSync(inline.js).length + gzipSync(inline.css).length;
  test.info().annotations.push({ type: 'lesson 10 JS+CSS gzip bytes', description: String(gzipBytes) });
  expect(gzipBytes).toBeLessThanOrEqual(10 * 1024);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the checklist is a readable list of checkboxes, and the tools that need a script are not shown', async ({ page }) => {
    await page.goto(LESSON);
    await expect(page.getByRole('checkbox')).toHaveCount(total);
    await expect(page.getByRole('checkbox', { name: first.title })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy as Markdown' })).toBeHidden();
  });
});
