/**
 * Where a lab runs: the local runtime (npm start) and the in-browser one (a WebContainer). This
 * machine cannot reach StackBlitz, so the in-browser runtime's boot times out here, exactly as it
 * would for a learner offline: the workspace must say so, offer the local runtime where there is one,
 * and the local runtime must then work end to end. On a static host (the build served with the
 * shipped `_headers`) only the in-browser runtime exists, and the fallback says how to run locally.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { expect, test } from './workspace-helpers.ts';
import { projectRoot } from '../../src/engine/node/project-paths.ts';
import { type StaticHost, startStaticHost } from '../support/static-host.ts';

const LESSON = '/lessons/04-health/';
const BOOT_TIMEOUT_MS = 3000;

/** Shortens the in-browser runtime's boot timeout (25 s for learners) so the test does not wait it out. */
async function shortBootTimeout(page: Page): Promise<void> {
  // Only in the site's own pages: init scripts also run in the runtime's frames, where storage is denied.
  await page.addInitScript((ms) => {
    if (window === window.top) localStorage.setItem('operable:webcontainer-boot-timeout-ms', String(ms));
  }, BOOT_TIMEOUT_MS);
}

async function openLab(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Open the lab' }).click();
  await expect(page.locator('.monaco-editor').first()).toBeVisible();
}

test('served by npm start, both runtimes are offered and the local one is the default', async ({ page }) => {
  await openLab(page, LESSON);
  await expect(page.locator('.badge.runtime')).toHaveText('Local runtime');
  const choice = page.getByLabel('Run on');
  await expect(choice.locator('option')).toHaveText(['Local (npm start)', 'In the browser (WebContainer)']);
  await expect(choice).toHaveValue('local');
  // Nothing of the WebContainer runtime is fetched before the learner asks for it.
  const fetched: string[] = [];
  page.on('request', (request) => fetched.push(request.url()));
  await choice.selectOption('webcontainer');
  await expect(page.locator('.badge.runtime')).toHaveText('In the browser (WebContainer)');
  await expect(page.getByRole('note')).toContainText('starts on your first Run or Run checks');
  expect(fetched.filter((url) => /container\.json|stackblitz|webcontainer/i.test(url))).toEqual([]);
  // The choice is remembered.
  await page.reload();
  await openLab(page, LESSON);
  await expect(page.getByLabel('Run on')).toHaveValue('webcontainer');
});

test('offline, the in-browser runtime times out, says why, and the local runtime it offers works end to end', async ({ page }) => {
  await shortBootTimeout(page);
  await openLab(page, LESSON);
  await page.getByLabel('Run on').selectOption('webcontainer');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.locator('.ws-status')).toContainText('Starting the in-browser runtime');
  const notice = page.getByRole('note');
  await expect(notice).toContainText('The in-browser runtime is not available.', { timeout: BOOT_TIMEOUT_MS + 10_000 });
  await expect(notice).toContainText(`did not start within ${BOOT_TIMEOUT_MS / 1000} s`);
  await expect(notice).toContainText('stackblitz.com');
  const useLocal = page.getByRole('button', { name: 'Use the local runtime' });
  await expect(useLocal).toBeFocused();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  const axe = await new AxeBuilder({ page }).include('.workspace').analyze();
  expect(axe.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('in-browser-runtime-unavailable.png') });

  // Run checks also says so rather than spinning.
  await page.getByRole('button', { name: 'Run checks' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Checks' }).getByRole('status')).toContainText('not available');

  await page.keyboard.press('Enter'); // on "Use the local runtime", focused
  await expect(page.locator('.badge.runtime')).toHaveText('Local runtime');
  await expect(page.getByRole('note')).toBeHidden();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Running: Local runtime' })).toBeVisible();
  await page.getByRole('tab', { name: 'Requests' }).click();
  await page.getByRole('button', { name: 'GET /livez' }).click();
  await expect(page.getByRole('list', { name: 'Request results' }).locator('li').first()).toContainText('HTTP 200');
  await page.getByRole('button', { name: 'Run checks' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Checks' }).getByRole('status')).toContainText(/checks pass: \d+\/\d+ points/, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  // The terminal kept the in-browser runtime's story.
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await expect(page.locator('.ws-terminal')).toContainText('did not start within');
});

test.describe('on a static host with the shipped _headers', () => {
  let host: StaticHost;
  test.beforeAll(async () => {
    host = await startStaticHost({ root: join(projectRoot, 'dist', 'client') });
  });
  test.afterAll(() => host.close());

  test('the page is isolated, only the in-browser runtime is offered, and offline it says how to run locally', async ({ page }) => {
    await shortBootTimeout(page);
    await openLab(page, `${host.url}${LESSON}`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect(page.locator('.badge.runtime')).toHaveText('In the browser (WebContainer)');
    await expect(page.getByLabel('Run on')).toHaveCount(0);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const notice = page.getByRole('note');
    await expect(notice).toContainText('The in-browser runtime is not available.', { timeout: BOOT_TIMEOUT_MS + 10_000 });
    await expect(notice).toContainText('npm install && npm start');
    await expect(page.getByRole('button', { name: 'Use the local runtime' })).toHaveCount(0);
    // The lesson stays readable beside it.
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('static-host-offline.png') });
  });
});
