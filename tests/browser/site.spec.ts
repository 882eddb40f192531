/**
 * The course map and a lesson: content, keyboard navigation, isolation, accessibility, lightness.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../../src/engine/node/project-paths.ts';
import { expect, LESSON_PATH, openLab, test } from './workspace-helpers.ts';

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
  expect(requested.some((url) => url.includes('/labs/03-graceful-shutdown/types.json'))).toBe(true);
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

/** The map's card of one lesson, found by its title. */
function lessonCard(page: Page, title: string) {
  return page.locator('.lesson-card').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
}

test('the map frames the course: total time split three ways, per-lesson times, the stand-alone tip', async ({ page }) => {
  await page.goto('/');
  const total = page.getByRole('definition').filter({ hasText: /^about \d+ h$/ });
  await expect(total).toBeVisible();
  const hours = Number(/\d+/.exec((await total.textContent())!)![0]);
  expect(hours).toBeGreaterThanOrEqual(13);
  expect(hours).toBeLessThanOrEqual(15);
  await expect(page.getByText('Every lesson stands alone.')).toBeVisible();
  await expect(page.getByText(/read the lessons in the order your service needs/)).toBeVisible();
  const card = lessonCard(page, 'Graceful shutdown');
  for (const part of ['Reading', 'Hands-on', 'Exercises']) await expect(card.getByRole('term').filter({ hasText: part })).toBeVisible();
  await expect(lessonCard(page, 'Health and readiness')).toContainText('Builds on 03');
});

test('a passed lab adds its badge beside the time estimate, which stays', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() =>
    localStorage.setItem('operable:progress', JSON.stringify({ '03-graceful-shutdown': { score: 10, maxScore: 10, passed: true, at: new Date().toISOString() } })),
  );
  await page.reload();
  const card = lessonCard(page, 'Graceful shutdown');
  await expect(card.getByText('Lab passed')).toBeVisible();
  await expect(card.locator('.total')).toHaveText(/\d+ h( \d+ min)?|\d+ min/);
  await expect(card.getByRole('term').filter({ hasText: 'Reading' })).toBeVisible();
  await expect(lessonCard(page, 'Health and readiness').getByText('Lab passed')).toHaveCount(0);
});

test('a lesson reads as a chapter: reading time, its sections beside it, the current one marked, previous and next', async ({ page }) => {
  await page.goto(LESSON_PATH);
  await expect(page.locator('.kicker')).toHaveText(/Lesson 03 · \d+ min read/);
  const toc = page.getByRole('navigation', { name: 'On this page' });
  const deadline = toc.getByRole('link', { name: 'The drain deadline' });
  await expect(deadline).toBeVisible();
  // Beside the text on a wide screen, and still there after scrolling far down.
  const text = await page.getByRole('heading', { level: 1 }).boundingBox();
  expect((await deadline.boundingBox())!.x).toBeGreaterThan(text!.x + text!.width);
  await page.getByRole('heading', { name: 'The drain deadline' }).evaluate((heading) => heading.scrollIntoView());
  await expect(deadline).toHaveAttribute('aria-current', 'true');
  await expect(deadline).toBeInViewport();
  // One section is current (in each of the two lists: beside the text, and the collapsed one a narrow lesson shows).
  await expect(toc.locator('.toc-wide a[aria-current]')).toHaveCount(1);
  await page.getByRole('heading', { name: 'Keep-alive connections' }).evaluate((heading) => heading.scrollIntoView());
  await expect(toc.getByRole('link', { name: 'Keep-alive connections' })).toHaveAttribute('aria-current', 'true');
  await expect(deadline).not.toHaveAttribute('aria-current', 'true');

  const pager = page.getByRole('navigation', { name: 'Previous and next lesson' });
  await expect(pager.getByRole('link', { name: /Previous.*02 Environment-based configuration/ })).toHaveAttribute('href', '/lessons/02-environment/');
  await expect(pager.getByRole('link', { name: /Next.*04 Health and readiness/ })).toHaveAttribute('href', '/lessons/04-health/');
  // The last ready lesson offers no next page: the lessons after it are in preparation.
  const last = (await readyLessons()).sort().at(-1)!;
  await page.goto(`/lessons/${last}/`);
  const lastPager = page.getByRole('navigation', { name: 'Previous and next lesson' });
  await expect(lastPager.getByRole('link')).toHaveCount(1);
  await expect(lastPager.getByRole('link', { name: /Previous/ })).toBeVisible();
});

test('search loads nothing until asked, then finds a lesson by a word of its text', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await page.goto('/');
  await page.waitForLoadState('networkidle');
  expect(requested.filter((path) => path.startsWith('/pagefind/'))).toEqual([]);
  await page.getByRole('button', { name: 'Search' }).click();
  const dialog = page.getByRole('dialog', { name: 'Search the lessons' });
  // Typed at once, before Pagefind's UI has arrived: nothing typed is lost.
  await page.keyboard.type('keep-alive');
  await expect(dialog.getByRole('textbox')).toHaveValue('keep-alive');
  await expect(dialog.getByRole('textbox')).toBeFocused();
  const hit = dialog.locator('.pagefind-ui__result-link').filter({ hasText: 'Graceful shutdown' }).first();
  await expect(hit).toHaveAttribute('href', /^\/lessons\/03-graceful-shutdown\//);
  // Only lessons are indexed: the map and the workspace are not.
  expect(await dialog.locator('.pagefind-ui__result-link[href="/"]').count()).toBe(0);
  const results = await new AxeBuilder({ page }).include('#search-dialog').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} ${v.nodes[0]?.target}`)).toEqual([]);
  await hit.click();
  await expect(page).toHaveURL(/\/lessons\/03-graceful-shutdown\//);
});

test('"/" opens search from the page, Escape closes it', async ({ page }) => {
  await page.goto(LESSON_PATH);
  await page.keyboard.press('/');
  const dialog = page.getByRole('dialog', { name: 'Search the lessons' });
  await expect(dialog.getByRole('textbox')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test.describe('a missing page', () => {
  // Chromium logs the 404 answer itself as a console error: here it is the point.
  test.use({ allowedConsoleErrors: [/status of 404 \(Not Found\)/] });

  test('a lesson in preparation, or any address the course lacks, gets a branded 404 with the map and a way back', async ({ page }) => {
    const ready = await readyLessons();
    const unfinished = (await readdir(join(projectRoot, 'src', 'content', 'lessons'))).map((name) => name.replace(/\.mdx$/, '')).find((slug) => !ready.includes(slug));
    for (const path of [...(unfinished ? [`/lessons/${unfinished}/`] : []), '/no/such/page']) {
      expect((await page.goto(path))?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('This page is not in the course');
    }
    await expect(page).toHaveTitle(/not found · Operable/);
    expect(await page.locator('meta[name="viewport"]').getAttribute('content')).toContain('width=device-width');
    await expect(page.getByRole('navigation', { name: 'Site' })).toBeVisible();
    await expect(page.locator('.lesson-card')).toHaveCount(10);
    await page.getByRole('link', { name: 'Back to the course map' }).click();
    await expect(page).toHaveURL('/');
  });
});
