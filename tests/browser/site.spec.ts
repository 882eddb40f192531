/**
 * The course map and a lesson: content, keyboard navigation, isolation, accessibility, lightness.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../../src/engine/node/project-paths.ts';
import { LESSON_PATH, openLab } from './workspace-helpers.ts';

/** Slugs of the lessons whose frontmatter says they are ready. */
async function readyLessons(): Promise<string[]> {
  const dir = join(projectRoot, 'src', 'content', 'lessons');
  const ready: string[] = [];
  for (const name of await readdir(dir)) {
    const frontmatter = /^---\n([\s\S]*?)\n---/.exec(await readFile(join(dir, name), 'utf8'))?.[1] ?? '';
    if ((parse(frontmatter) as { status?: string }).status === 'ready') ready.push(name.replace(/\.mdx$/, ''));
  }
  return ready;
}

test('the map lists ten lessons along the path; only finished ones are links', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('From “it builds” to “it operates”');
  for (const group of ['The operational baseline', 'Observability', 'Protection under load', 'Putting it together']) {
    await expect(page.getByRole('heading', { name: group })).toBeVisible();
  }
  const cards = page.locator('.lesson-card');
  await expect(cards).toHaveCount(10);
  await expect(page.getByRole('link', { name: 'Graceful shutdown' })).toHaveAttribute('href', LESSON_PATH);
  const ready = await readyLessons();
  await expect(page.locator('.lesson-card.ready a')).toHaveCount(ready.length);
  await expect(page.locator('.lesson-card.in-preparation')).toHaveCount(10 - ready.length);
  await expect(page.locator('.lesson-card.in-preparation a')).toHaveCount(0);
  await expect(page.getByText('In preparation').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Before you start' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('map.png'), fullPage: true });
});

test('the map works by keyboard: skip link, then into a lesson', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  // Tab through the map until the lesson link has focus, then follow it.
  for (let i = 0; i < 40 && !(await page.getByRole('link', { name: 'Graceful shutdown' }).evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(page.getByRole('link', { name: 'Graceful shutdown' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(LESSON_PATH);
  await expect(page.getByRole('heading', { level: 1, name: 'Graceful shutdown' })).toBeVisible();
});

test('pages are cross-origin isolated, and a lesson page loads no editor until the lab opens', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  await page.goto(LESSON_PATH);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.waitForLoadState('networkidle');
  expect(requested.filter((url) => /editor|monaco|ts\.worker|types\.json/.test(url))).toEqual([]);
  expect(await page.locator('style[data-monaco], link[href*="monaco"]').count()).toBe(0);
  await openLab(page);
  expect(requested.some((url) => url.includes('/labs/types.json'))).toBe(true);
  expect(await page.locator('style[data-monaco]').count()).toBeGreaterThan(0);
});

test('the lesson teaches every section the checks point to', async ({ page }) => {
  await page.goto(LESSON_PATH);
  const headings = await page.locator('article h2, article h3').allTextContents();
  for (const section of [
    'The lab',
    'Say what you are doing',
    'Let in-flight requests finish',
    'Signals',
    'Stop accepting',
    'Exit when drained',
    'Keep-alive connections',
    'Connection: close while draining',
    'The drain deadline',
    'The second signal',
  ]) {
    expect(headings.map((h) => h.trim()), `missing section "${section}"`).toContain(section);
  }
});

for (const [name, path, open] of [
  ['the course map', '/', false],
  ['lesson 01', '/lessons/01-configuration/', false],
  ['lesson 02', '/lessons/02-environment/', false],
  ['lesson 03', LESSON_PATH, false],
  ['lesson 04', '/lessons/04-health/', false],
  ['the open workspace', LESSON_PATH, true],
  ['the open workspace of lab 04', '/lessons/04-health/', true],
] as const) {
  test(`axe finds no violations on ${name}`, async ({ page }) => {
    if (open) await openLab(page, path);
    else await page.goto(path);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0]?.target}`)).toEqual([]);
  });
}
