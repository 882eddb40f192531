/**
 * @module
 * Steps the browser tests share: open lesson 03's lab, fill a file in the editor as a learner would
 * (select all, paste), and read back what the workspace saved. Also the `test` they run with: it fails
 * a test on any console error or uncaught exception in its pages (`allowedConsoleErrors` names the
 * ones a test causes on purpose).
 */
import { findLab } from '../../labs/index.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { labFolders } from '../../src/engine/node/project-paths.ts';

export { expect };

/**
 * Console errors that are answers, not faults, since Chromium logs every 4xx response as an error: the
 * runner answers 422 when the learner's service does not start (the log says why). A probe that reaches the
 * server just after the service stopped is answered 200 with a NOT_RUNNING outcome, so it logs nothing.
 */
const EXPECTED_CONSOLE_ERRORS = [
  /status of 422 \(Unprocessable Entity\) \(.*\/api\/labs\/[\w-]+\/service\)$/,
];

export const test = base.extend<{ allowedConsoleErrors: RegExp[]; failOnConsoleErrors: void }>({
  allowedConsoleErrors: [[], { option: true }],
  failOnConsoleErrors: [
    async ({ context, allowedConsoleErrors }, use) => {
      const errors: string[] = [];
      context.on('console', (message) => {
        if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
      });
      context.on('weberror', (error) => errors.push(`uncaught: ${error.error().message} (${error.error().stack?.split('\n')[1]?.trim()})`));
      await use();
      const allowed = [...EXPECTED_CONSOLE_ERRORS, ...allowedConsoleErrors];
      expect(errors.filter((error) => !allowed.some((pattern) => pattern.test(error))), 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export const LAB = '03-graceful-shutdown';
export const LESSON_PATH = `/lessons/${LAB}/`;

export async function openLab(page: Page, lessonPath = LESSON_PATH): Promise<void> {
  await page.goto(lessonPath);
  await page.getByRole('button', { name: 'Open the lab' }).click();
  await expect(page.locator('.monaco-editor').first()).toBeVisible();
  await expect(page.getByRole('tab', { name: /^src\// }).first()).toBeVisible();
}

export function referenceFile(path: string, lab = LAB): Promise<string> {
  return readFile(join(labFolders(lab).solution, path), 'utf8');
}

/** The editable files as the workspace saved them in the browser. */
export async function savedFiles(page: Page, lab = LAB): Promise<Record<string, string>> {
  return page.evaluate((id) => JSON.parse(localStorage.getItem(`operable:lab:${id}:files`) ?? '{}'), lab);
}

/** Puts the cursor in the editor, as a click into the code does. */
export async function focusEditor(page: Page): Promise<void> {
  await page.locator('.ws-editor .view-lines').first().click();
}

/**
 * Replaces a file's content the way a learner pastes code: select all, paste from the clipboard.
 * (Typing it would let the editor's auto-indent reshape it.) Needs the clipboard permissions.
 */
export async function pasteIntoFile(page: Page, path: string, content: string, lab = LAB): Promise<void> {
  await page.getByRole('tab', { name: new RegExp(path.replace('.', '\\.')) }).click();
  await focusEditor(page);
  await page.keyboard.press('ControlOrMeta+A');
  await page.evaluate(async (text) => navigator.clipboard.writeText(text), content);
  await page.keyboard.press('ControlOrMeta+V');
  await expect.poll(async () => (await savedFiles(page, lab))[path]).toBe(content);
}

/** The Checks panel's summary when every check of `labId` passes, e.g. "All 19 checks pass: 36/36 points." */
export function allChecksPass(labId: string): string {
  const { checks } = findLab(labId)!;
  const points = checks.reduce((sum, check) => sum + check.points, 0);
  return `All ${checks.length} checks pass: ${points}/${points} points.`;
}

/**
 * Waits for the Checks panel's final summary and expects every check of `labId` to pass; when one
 * does not, the assertion quotes the failed checks' own messages, so a failure in CI says which
 * check failed and why without a trace to dig out.
 */
export async function expectAllChecksPass(checksPanel: Locator, labId: string, timeout: number): Promise<void> {
  const summary = checksPanel.getByRole('status');
  await expect(summary).toHaveText(/ points\.|could not/, { timeout }); // a score, or why there is none
  const failed = await checksPanel.locator('li.failed').allInnerTexts();
  expect(await summary.textContent(), `failed checks:\n${failed.join('\n---\n')}`).toBe(allChecksPass(labId));
}
