/**
 * The open lab as a workbench on common screens: the lesson beside the workspace (or the workspace
 * over the lesson on a phone), every part of the workspace reachable without scrolling the page, in
 * light and dark, with no console error and nothing axe objects to; splitters moved by keyboard and
 * pointer, remembered across a reload; the phone's way back to the same place in the lesson.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { findLab } from '../../labs/index.ts';
import { openLab } from './workspace-helpers.ts';

const LAB04_ID = '04-health';
const LAB04 = `/lessons/${LAB04_ID}/`;
const SCREENS = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 390, height: 844 },
];
/**
 * Lab 04 shows the most: fault switches, and the Probes panel beside Logs, Requests and Checks; the
 * Terminal is the in-browser runtime's, offered on this cross-origin isolated page.
 */
const LAB04_PANELS = ['Logs', 'Requests', 'Probes', 'Checks', 'Terminal'];

/** A check run of lab 04 as the local runtime streams it: its first check with a hint into the lesson, failed. */
function failingRun(): string {
  const check = findLab(LAB04_ID)!.checks.find((c) => /"[^"]+"/.test(c.hint))!;
  const result = { id: check.id, title: check.title, points: check.points, passed: false, message: 'Expected 200, observed 503.', hint: check.hint, measurements: {}, durationMs: 5 };
  const report = { lab: LAB04_ID, title: 'Health', passed: false, score: 0, maxScore: check.points, durationMs: 5, checks: [result] };
  return `${JSON.stringify({ type: 'result', result })}\n${JSON.stringify({ type: 'report', report })}\n`;
}

/** Collects console errors and uncaught exceptions, so a test can insist there were none. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Fully inside the window, not clipped by any box around it, and at least `minHeight` tall. */
async function expectOnScreen(locator: Locator, minHeight = 0): Promise<void> {
  await expect(locator).toBeInViewport({ ratio: 1 });
  expect((await locator.boundingBox())!.height).toBeGreaterThanOrEqual(minHeight);
}

async function pageOverflow(page: Page) {
  return page.evaluate(() => ({
    horizontal: document.documentElement.scrollWidth - innerWidth,
    vertical: document.documentElement.scrollHeight - innerHeight,
  }));
}

for (const screen of SCREENS) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test.describe(`${screen.width}×${screen.height}, ${colorScheme}`, () => {
      test.use({ viewport: screen, colorScheme });

      test('the open lab 04 fits the window: every panel reachable without page scroll, axe clean', async ({ page }) => {
        const errors = consoleErrors(page);
        await openLab(page, LAB04);
        await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeFocused();
        const workspace = page.getByRole('complementary', { name: 'Lab workspace' });
        if (screen.width < 1120) {
          // Over the lesson: the whole window, with the way back.
          expect(await workspace.boundingBox()).toEqual({ x: 0, y: 0, ...screen });
          await expectOnScreen(page.getByRole('button', { name: 'Back to the lesson' }));
        } else {
          // Beside the lesson, which scrolls on its own, still showing the button the learner clicked.
          await expectOnScreen(page.getByRole('button', { name: 'Open the lab' }));
          await expect(page.getByRole('separator', { name: 'Resize the lesson and the lab' })).toBeVisible();
        }
        const overflow = await pageOverflow(page);
        expect(overflow.horizontal, 'the page scrolls sideways').toBeLessThanOrEqual(0);
        expect(overflow.vertical, 'the page scrolls').toBeLessThanOrEqual(0);

        for (const control of ['Run', 'Run checks', 'Reset to starter', 'Reveal solution', 'Download', 'Submit to cohort']) {
          await expectOnScreen(page.getByRole('button', { name: control, exact: true }));
        }
        await expectOnScreen(page.getByRole('group', { name: 'Fault switches' }));
        await expectOnScreen(page.locator('.ws-editor'), screen.height >= 1000 ? 400 : 180);
        await expectOnScreen(page.getByRole('separator', { name: 'Resize the editor and the panels' }));
        await expect(page.getByRole('tablist', { name: 'Output panels' }).getByRole('tab')).toHaveText(LAB04_PANELS);
        for (const name of LAB04_PANELS) {
          await page.getByRole('tab', { name }).click();
          await expectOnScreen(page.getByRole('tab', { name }));
          await expectOnScreen(page.getByRole('tabpanel', { name }), screen.height >= 1000 ? 250 : 110);
        }
        await page.getByRole('tab', { name: 'Probes' }).click();
        await expectOnScreen(page.getByRole('list', { name: 'Probe results' }));
        await page.screenshot({ path: test.info().outputPath(`lab04-${screen.width}x${screen.height}-${colorScheme}.png`) });

        const axe = await new AxeBuilder({ page }).analyze();
        expect(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0]?.target}`)).toEqual([]);
        expect(errors).toEqual([]);
      });
    });
  }
}

test.describe('beside the lesson', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('opening the lab keeps the reader’s place: the button clicked stays where it was', async ({ page }) => {
    await page.goto(LAB04);
    const open = page.getByRole('button', { name: 'Open the lab' });
    await page.evaluate(() => scrollBy(0, document.querySelector('button.open-lab')!.getBoundingClientRect().top - 300));
    const before = (await open.boundingBox())!.y;
    await open.click();
    await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeFocused();
    expect(Math.abs((await open.boundingBox())!.y - before)).toBeLessThanOrEqual(2);
    // Escape does not close a lab that sits beside the lesson.
    await page.keyboard.press('Escape');
    await expect(page.getByRole('complementary', { name: 'Lab workspace' })).toBeVisible();
  });

  test('the splitters move with the keyboard and the pointer, and the sizes survive a reload', async ({ page }) => {
    await openLab(page, LAB04);
    const editorBar = page.getByRole('separator', { name: 'Resize the editor and the panels' });
    const lessonBar = page.getByRole('separator', { name: 'Resize the lesson and the lab' });
    const editorHeight = async () => (await page.locator('.ws-editor').boundingBox())!.height;
    const lessonWidth = async () => (await page.locator('article.lesson').boundingBox())!.width;
    await expect(editorBar).toHaveAttribute('aria-valuenow', '60');
    await expect(lessonBar).toHaveAttribute('aria-valuenow', '34');
    for (const [bar, orientation] of [[editorBar, 'horizontal'], [lessonBar, 'vertical']] as const) {
      await expect(bar).toHaveAttribute('aria-orientation', orientation);
      await expect(bar).toHaveAttribute('aria-valuemin', /\d+/);
      await expect(bar).toHaveAttribute('aria-valuemax', /\d+/);
      // aria-controls names the pane the value sizes.
      const controlled = await bar.getAttribute('aria-controls');
      expect(await page.locator(`#${controlled}`).count()).toBe(1);
    }

    // Keyboard: two steps down give the editor 10 % more; Enter collapses it and restores it.
    const before = await editorHeight();
    await editorBar.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(editorBar).toHaveAttribute('aria-valuenow', '70');
    expect(await editorHeight()).toBeGreaterThan(before + 30);
    await page.keyboard.press('Enter');
    await expect(editorBar).toHaveAttribute('aria-valuenow', '15');
    await page.keyboard.press('Enter');
    await expect(editorBar).toHaveAttribute('aria-valuenow', '70');
    const tallEditor = await editorHeight();

    const wideLesson = await lessonWidth();
    await lessonBar.focus();
    await page.keyboard.press('ArrowLeft');
    await expect(lessonBar).toHaveAttribute('aria-valuenow', '29');
    expect(await lessonWidth()).toBeLessThan(wideLesson - 40);
    await page.keyboard.press('Home');
    await expect(lessonBar).toHaveAttribute('aria-valuenow', '20');

    // Pointer: drag the lesson's splitter 200 px to the right.
    const bar = (await lessonBar.boundingBox())!;
    await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(bar.x + bar.width / 2 + 100, bar.y + 40, { steps: 4 });
    await page.mouse.move(bar.x + bar.width / 2 + 200, bar.y + 80, { steps: 4 });
    await page.mouse.up();
    const dragged = Number(await lessonBar.getAttribute('aria-valuenow'));
    expect(dragged).toBeGreaterThanOrEqual(33);
    const draggedLesson = await lessonWidth();

    await page.reload();
    await openLab(page, LAB04);
    await expect(editorBar).toHaveAttribute('aria-valuenow', '70');
    await expect(lessonBar).toHaveAttribute('aria-valuenow', String(dragged));
    expect(Math.abs((await editorHeight()) - tallEditor)).toBeLessThanOrEqual(2);
    expect(Math.abs((await lessonWidth()) - draggedLesson)).toBeLessThanOrEqual(2);
    await page.screenshot({ path: test.info().outputPath('splitters-moved.png') });
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the lab opens over the lesson; Back, Escape or a hint’s link return to the lesson', async ({ page }) => {
    const errors = consoleErrors(page);
    await page.goto(LAB04);
    const open = page.getByRole('button', { name: 'Open the lab' });
    const workspace = page.getByRole('complementary', { name: 'Lab workspace' });
    await page.evaluate(() => scrollBy(0, document.querySelector('button.open-lab')!.getBoundingClientRect().top - 300));
    const place = await page.evaluate(() => scrollY);
    expect(place).toBeGreaterThan(0);

    await open.click();
    await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeFocused();
    await expect(page.getByRole('heading', { level: 1 })).toBeHidden();
    await page.getByRole('button', { name: 'Back to the lesson' }).click();
    await expect(workspace).toBeHidden();
    await expect(open).toBeFocused();
    expect(await page.evaluate(() => scrollY)).toBe(place);

    // Opened again it is as it was (loaded once); Escape leaves it, from the editor too.
    await open.click();
    await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeFocused();
    await page.locator('.ws-editor .view-lines').click();
    await page.keyboard.press('Escape');
    await expect(workspace).toBeHidden();
    await expect(open).toBeFocused();
    expect(await page.evaluate(() => scrollY)).toBe(place);

    // A check's hint links into the lesson: following it shows the lesson at that section. (The check
    // run is answered here, so this does not wait for a real one; the workspace renders it as usual.)
    await page.route(`**/api/labs/${LAB04_ID}/checks`, (route) => route.fulfill({ contentType: 'application/x-ndjson', body: failingRun() }));
    await open.click();
    await page.getByRole('button', { name: 'Run checks' }).click();
    const hint = page.getByRole('tabpanel', { name: 'Checks' }).locator('li.failed .hint a[href^="#"]');
    const section = (await hint.getAttribute('href'))!;
    await hint.click();
    await expect(workspace).toBeHidden();
    await expect(page.locator(section)).toBeInViewport();
    expect(errors).toEqual([]);
  });
});

test.describe('the solution beside the lesson', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('Reveal solution gives the diff most of the height, and the panels stay in reach', async ({ page }) => {
    await openLab(page);
    const editorHeight = (await page.locator('.ws-editor').boundingBox())!.height;
    await page.getByRole('button', { name: 'Reveal solution' }).click();
    const diff = page.locator('.ws-diff .monaco-diff-editor');
    await expect(diff).toBeVisible();
    await expect(diff).toBeInViewport({ ratio: 1 });
    expect((await diff.boundingBox())!.height).toBeGreaterThan(editorHeight + 30);
    await expect(page.getByRole('tab', { name: 'Checks' })).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: test.info().outputPath('solution-diff-1366x768.png') });
  });
});

/** A finger's drag from the middle of `locator`, through Chromium's touch input (so `touch-action` applies). */
async function touchDrag(page: Page, locator: Locator, dx: number, dy: number): Promise<void> {
  const box = (await locator.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  for (let step = 1; step <= 8; step++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x + (dx * step) / 8, y: y + (dy * step) / 8 }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

test.describe('on a touch screen', () => {
  test.use({ viewport: { width: 1366, height: 1024 }, hasTouch: true });

  test('a finger drags both splitters, and the sizes are remembered', async ({ page }) => {
    const errors = consoleErrors(page);
    await openLab(page, LAB04);
    const lessonBar = page.getByRole('separator', { name: 'Resize the lesson and the lab' });
    const editorBar = page.getByRole('separator', { name: 'Resize the editor and the panels' });
    const lessonWidth = async () => (await page.locator('article.lesson').boundingBox())!.width;
    const editorHeight = async () => (await page.locator('.ws-editor').boundingBox())!.height;
    await expect(lessonBar).toHaveAttribute('aria-valuenow', '34');
    await expect(editorBar).toHaveAttribute('aria-valuenow', '60');
    const narrowLesson = await lessonWidth();
    const tallEditor = await editorHeight();

    // 200 px of a 1366 px window is about 15 % more lesson; 150 px up takes about as much from the editor.
    await touchDrag(page, lessonBar, 200, 0);
    const lessonShare = Number(await lessonBar.getAttribute('aria-valuenow'));
    expect(lessonShare).toBeGreaterThanOrEqual(44);
    expect(lessonShare).toBeLessThanOrEqual(52);
    expect(await lessonWidth()).toBeGreaterThan(narrowLesson + 150);
    await touchDrag(page, editorBar, 0, -150);
    const editorShare = Number(await editorBar.getAttribute('aria-valuenow'));
    expect(editorShare).toBeLessThanOrEqual(50);
    expect(await editorHeight()).toBeLessThan(tallEditor - 100);

    await page.reload();
    await openLab(page, LAB04);
    await expect(lessonBar).toHaveAttribute('aria-valuenow', String(lessonShare));
    await expect(editorBar).toHaveAttribute('aria-valuenow', String(editorShare));
    expect(errors).toEqual([]);
  });
});

test.describe('crossing the breakpoint with the lab open', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  /** The lab as a learner needs it at this size: over or beside the lesson, editor and every panel in reach, no page scroll. */
  async function expectLabUsable(page: Page, screen: { width: number; height: number }): Promise<void> {
    const workspace = page.getByRole('complementary', { name: 'Lab workspace' });
    await expect(workspace).toBeVisible();
    if (screen.width < 1120) {
      expect(await workspace.boundingBox()).toEqual({ x: 0, y: 0, ...screen });
      await expectOnScreen(page.getByRole('button', { name: 'Back to the lesson' }));
    } else {
      await expect(page.getByRole('separator', { name: 'Resize the lesson and the lab' })).toBeVisible();
      expect((await page.locator('article.lesson').boundingBox())!.width).toBeGreaterThan(300);
    }
    const overflow = await pageOverflow(page);
    expect(overflow.horizontal, 'the page scrolls sideways').toBeLessThanOrEqual(0);
    expect(overflow.vertical, 'the page scrolls').toBeLessThanOrEqual(0);
    await expectOnScreen(page.getByRole('button', { name: 'Run', exact: true }));
    await expectOnScreen(page.locator('.ws-editor'), 150);
    // Monaco has laid itself out again for the new size: neither wider than its box (clipped) nor
    // narrower (its border aside).
    await expect(async () => {
      const host = (await page.locator('.ws-editor').boundingBox())!;
      const editor = (await page.locator('.ws-editor .monaco-editor').first().boundingBox())!;
      expect(editor.width).toBeLessThanOrEqual(host.width + 0.5);
      expect(editor.width).toBeGreaterThanOrEqual(host.width - 4);
    }).toPass();
    await expect(page.locator('.ws-editor .view-lines .view-line').first()).toBeVisible();
    for (const name of LAB04_PANELS) {
      await page.getByRole('tab', { name }).click();
      await expectOnScreen(page.getByRole('tabpanel', { name }), 100);
    }
    await page.getByRole('tab', { name: 'Logs' }).click();
  }

  test('1366 → 390 → 1366: the lab stays usable, over the lesson and then beside it again', async ({ page }) => {
    const errors = consoleErrors(page);
    await openLab(page, LAB04);
    await expectLabUsable(page, { width: 1366, height: 768 });
    await page.locator('.ws-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('\n// typed at 1366');
    for (const screen of [{ width: 390, height: 844 }, { width: 1366, height: 768 }]) {
      await page.setViewportSize(screen);
      await expectLabUsable(page, screen);
      await page.screenshot({ path: test.info().outputPath(`breakpoint-${screen.width}x${screen.height}.png`) });
    }
    // What was typed before the resizes is still there, and typing still works.
    await expect(page.locator('.ws-editor .view-lines')).toContainText('typed at 1366');
    await page.locator('.ws-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('\n// typed after the resizes');
    await expect(page.locator('.ws-editor .view-lines')).toContainText('typed after the resizes');
    expect(errors).toEqual([]);
  });
});
