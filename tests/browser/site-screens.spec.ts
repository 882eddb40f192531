/**
 * The course map, a lesson and the 404 page on common screens, light and dark: no sideways page
 * scroll (a wide table or code block scrolls in its own box), no console error, nothing axe objects
 * to, and a screenshot of each for a person to look at. The open lab has its own (lab-layout.spec.ts).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { LESSON_PATH } from './workspace-helpers.ts';

const SCREENS = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 390, height: 844 },
];
const PAGES = [
  { name: 'map', path: '/' },
  { name: 'lesson-03', path: LESSON_PATH },
  { name: 'lesson-04', path: '/lessons/04-health/' },
  { name: '404', path: '/lessons/no-such-lesson/' },
];

/** Collects console errors and uncaught exceptions, so a test can insist there were none. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    // The 404 page's own status is what it is for, not an error of the page.
    if (message.type() === 'error' && !/status of 404/.test(message.text())) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** How far the page is wider than the window (0 or less: no sideways scroll). */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
}

for (const screen of SCREENS) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test.describe(`${screen.width}×${screen.height}, ${colorScheme}`, () => {
      test.use({ viewport: screen, colorScheme });

      for (const { name, path } of PAGES) {
        test(`${name}: no sideways scroll, no console error, axe clean`, async ({ page }) => {
          const errors = consoleErrors(page);
          await page.goto(path);
          await page.waitForLoadState('networkidle');
          expect(await horizontalOverflow(page), 'the page scrolls sideways').toBeLessThanOrEqual(0);
          const shot = `${name}-${screen.width}x${screen.height}-${colorScheme}.png`;
          await page.screenshot({ path: test.info().outputPath(shot) });
          const results = await new AxeBuilder({ page }).analyze();
          expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0]?.target}`)).toEqual([]);
          expect(errors).toEqual([]);
        });
      }
    });
  }
}

test.describe('a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('no ready lesson scrolls sideways', async ({ page }) => {
    await page.goto('/');
    const lessons = await page.locator('.lesson-card.ready h4 a').evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
    expect(lessons.length).toBeGreaterThan(0);
    for (const path of lessons) {
      await page.goto(path);
      expect(await horizontalOverflow(page), `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    }
  });

  test('a wide table scrolls in its own box, which the keyboard can reach', async ({ page }) => {
    await page.goto(LESSON_PATH);
    const box = page.getByRole('region', { name: /^Table: Signal, Number/ });
    await box.scrollIntoViewIfNeeded();
    const { scrollWidth, clientWidth } = await box.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(scrollWidth, 'the table is wider than a phone').toBeGreaterThan(clientWidth);
    await box.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => box.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: test.info().outputPath('table-390.png') });
  });

  test('the sections are a collapsed list above the lesson', async ({ page }) => {
    await page.goto(LESSON_PATH);
    const toc = page.getByRole('navigation', { name: 'On this page' });
    const summary = toc.locator('summary');
    await expect(summary).toBeVisible();
    await expect(toc.getByRole('link', { name: 'The drain deadline' })).toBeHidden();
    await summary.click();
    await toc.getByRole('link', { name: 'The drain deadline' }).click();
    await expect(page).toHaveURL(/#the-drain-deadline$/);
    await expect(page.getByRole('heading', { name: 'The drain deadline' })).toBeInViewport();
  });
});
