/**
 * The lab workspace with the local runtime: the learner's loop of edit → run → poke → check.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { projectRoot } from '../../src/engine/node/project-paths.ts';
import { expect, expectAllChecksPass, focusEditor, LAB, LESSON_PATH, openLab, pasteIntoFile, referenceFile, savedFiles, test } from './workspace-helpers.ts';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('the editor underlines a type error and counts it on the file tab', async ({ page }) => {
  await openLab(page);
  const original = (await savedFiles(page))['src/shutdown.ts'];
  await page.getByRole('tab', { name: /src\/shutdown\.ts/ }).click();
  await focusEditor(page);
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.insertText("\nexport const port: number = 'not a number';\n");
  await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('tab', { name: /src\/shutdown\.ts · 1 error/ })).toBeVisible();
  // Types come from the real packages: hono and node:http resolve, so the starter itself is clean.
  expect(original === undefined || !original.includes('not a number')).toBe(true);
  // The other files import node:http, hono and @hono/node-server: with real types they show no error.
  for (const path of ['src/server.ts', 'src/app.ts', 'src/log.ts']) {
    await expect(page.getByRole('tab', { name: new RegExp(path.replace('.', '\\.')) })).not.toContainText('error');
  }
  await page.screenshot({ path: test.info().outputPath('type-error.png') });
});

test('the starter shows failing checks with expected, observed and a hint', async ({ page }) => {
  await openLab(page);
  await page.getByRole('button', { name: 'Run checks' }).click();
  const checks = page.getByRole('tabpanel', { name: 'Checks' });
  await expect(checks.getByRole('status')).toContainText(/checks pass: \d+\/\d+ points/, { timeout: 60_000 });
  const failed = checks.locator('li.failed').filter({ hasText: 'A request in flight at SIGTERM still gets its 200' });
  await expect(failed).toContainText('Expected GET /slow?ms=1500, in flight when SIGTERM arrived, to complete with HTTP 200.');
  await expect(failed).toContainText('Observed connection reset');
  await expect(failed).toContainText('Hint: Lesson 03, “Let in-flight requests finish”');
  // The hint links to its section of the lesson beside it.
  await failed.getByRole('link', { name: '“Let in-flight requests finish”' }).click();
  await expect(page.getByRole('heading', { name: 'Let in-flight requests finish' })).toBeInViewport();
  await page.screenshot({ path: test.info().outputPath('starter-checks.png') });
});

test('the reference solution pasted into the editor passes every check', async ({ page }) => {
  await openLab(page);
  await pasteIntoFile(page, 'src/shutdown.ts', await referenceFile('src/shutdown.ts'));
  await page.getByRole('button', { name: 'Run checks' }).click();
  const checks = page.getByRole('tabpanel', { name: 'Checks' });
  await expectAllChecksPass(checks, LAB, 60_000);
  await expect(checks.locator('li.failed')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('reference-checks.png') });
  // The course map now shows the lab as passed.
  await page.goto('/');
  await expect(page.locator('.lesson-card', { hasText: 'Graceful shutdown' }).getByText('Lab passed')).toBeVisible();
});

test('SIGTERM from the button while /slow is in flight shows the drain in the logs', async ({ page }) => {
  await openLab(page);
  await pasteIntoFile(page, 'src/shutdown.ts', await referenceFile('src/shutdown.ts'));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Running: Local runtime' })).toBeVisible();
  await page.getByRole('tab', { name: 'Requests' }).click();
  await page.getByRole('button', { name: 'GET /slow?ms=5000' }).click();
  const result = page.getByRole('list', { name: 'Request results' }).locator('li').first();
  await expect(result).toContainText('in flight');
  await page.getByRole('button', { name: 'Send SIGTERM' }).click();
  await expect(result).toContainText(/HTTP 200 in \d+ ms/, { timeout: 15_000 });
  await page.getByRole('tab', { name: 'Logs' }).click();
  const log = page.getByRole('log', { name: 'Service output' });
  await expect(log).toContainText('sent SIGTERM');
  await expect(log).toContainText('shutdown started');
  await expect(log).toContainText('shutdown complete');
  await expect(log).toContainText('exited with code 0');
  await page.screenshot({ path: test.info().outputPath('drain-logs.png') });
});

test('a service that crashes at start says why, with file and line', async ({ page }) => {
  await openLab(page);
  await pasteIntoFile(page, 'src/server.ts', "import { nope } from './missing.ts';\nnope();\n");
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const log = page.getByRole('log', { name: 'Service output' });
  await expect(log).toContainText('The service did not start');
  await expect(log).toContainText('missing.ts');
  await expect(page.getByText('The service did not start: see the log.')).toBeVisible();

  await page.getByRole('button', { name: 'Clear' }).click();
  await pasteIntoFile(page, 'src/server.ts', 'export const broken = ;\n');
  await page.getByRole('button', { name: /^(Run|Restart)$/ }).click();
  await expect(log).toContainText('src/server.ts:1');
  await expect(log).toContainText('SyntaxError');
  await page.screenshot({ path: test.info().outputPath('syntax-error.png') });
});

test('without a runtime (a static host without isolation headers) the workspace says what to do', async ({ page }) => {
  // Serve the lesson page without the runtime meta tag and without COOP/COEP, as a plain static host would.
  await page.route(`**${LESSON_PATH}`, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(/<meta name="operable-runtime"[^>]*>/, '');
    // The body is given decoded, so the encoding (and length) of the compressed original go too.
    const headers = Object.fromEntries(Object.entries(response.headers()).filter(([name]) => !/^(cross-origin-(opener|embedder)-policy|content-encoding|content-length)$/.test(name)));
    await route.fulfill({ response, body: html, headers });
  });
  await openLab(page);
  await expect(page.getByRole('note')).toContainText('No lab runtime on this page.');
  await expect(page.getByRole('note')).toContainText('npm install && npm start');
  await expect(page.getByRole('note')).toContainText('not cross-origin isolated');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Run checks' })).toBeDisabled();
  await expect(page.getByText('No runtime', { exact: true })).toBeVisible();
  // The lesson stays readable and the editor usable.
  await expect(page.getByRole('heading', { name: 'Let in-flight requests finish' })).toBeAttached();
  await expect(page.locator('.monaco-editor').first()).toBeVisible();
});

test('work survives a reload, and Reset brings back the starter', async ({ page }) => {
  await openLab(page);
  await pasteIntoFile(page, 'src/server.ts', '// my change\n');
  await page.reload();
  await openLab(page);
  expect((await savedFiles(page))['src/server.ts']).toBe('// my change\n');
  await page.getByRole('tab', { name: /src\/server\.ts/ }).click();
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('// my change');
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Reset to starter' }).click();
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('createApp');
});

test('Reveal solution shows a diff, and Download saves a zip of the work', async ({ page }) => {
  await openLab(page);
  await page.getByRole('button', { name: 'Reveal solution' }).click();
  await expect(page.getByRole('heading', { name: 'Solution: src/shutdown.ts' })).toBeVisible();
  await expect(page.locator('.ws-diff .monaco-diff-editor')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('solution-diff.png') });
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('button', { name: 'Reveal solution' })).toBeFocused();
  // The downloaded folder is what the CLI grades: with the reference pasted in, every check passes.
  await pasteIntoFile(page, 'src/shutdown.ts', await referenceFile('src/shutdown.ts'));
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download' }).click();
  expect((await download).suggestedFilename()).toBe(`my-${LAB}.zip`);
  const folder = await unzipToTemp(await (await download).path());
  try {
    const cli = spawnSync(process.execPath, [join(projectRoot, 'bin', 'operable.js'), 'check', LAB, join(folder, `my-${LAB}`), '--json'], { encoding: 'utf8' });
    expect(JSON.parse(cli.stdout)).toMatchObject({ lab: LAB, passed: true });
    expect(cli.status).toBe(0);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

async function unzipToTemp(zipPath: string): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'operable-download-'));
  for (const [path, bytes] of Object.entries(unzipSync(await readFile(zipPath)))) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), bytes);
  }
  return folder;
}

test('the runner API refuses a foreign Origin, a foreign Host and a missing secret', async ({ page, request }) => {
  await page.goto(LESSON_PATH);
  const secret = await page.locator('meta[name="operable-runtime"]').getAttribute('data-secret');
  expect(secret).toBeTruthy();
  const url = `/api/labs/${LAB}/service/signal`;
  const data = { signal: 'SIGTERM' };
  const noSecret = await request.post(url, { data });
  expect(noSecret.status()).toBe(401);
  const foreign = await request.post(url, { data, headers: { 'X-Operable-Secret': secret!, Origin: 'https://evil.example' } });
  expect(foreign.status()).toBe(403);
  const crossSite = await request.post(url, { data, headers: { 'X-Operable-Secret': secret!, 'Sec-Fetch-Site': 'cross-site' } });
  expect(crossSite.status()).toBe(403);
  const rebound = await request.post(url, { data, headers: { 'X-Operable-Secret': secret!, Host: 'evil.example' } });
  expect(rebound.status()).toBe(403);
  const own = await request.post(url, { data, headers: { 'X-Operable-Secret': secret! } });
  expect(own.status()).toBe(409); // accepted, and says the service is not running
  expect(await own.json()).toEqual({ error: 'The service is not running.' });
  // A request (a probe in flight at a stop) gets an outcome saying so: an answer, not an HTTP error the console logs.
  const probe = await request.post(`/api/labs/${LAB}/service/request`, { data: { method: 'GET', path: '/livez' }, headers: { 'X-Operable-Secret': secret! } });
  expect(probe.status()).toBe(200);
  expect(await probe.json()).toMatchObject({ kind: 'error', code: 'NOT_RUNNING' });
});

test('the workspace works by keyboard: open, toolbar, file tabs, editor and out again, splitter, panels', async ({ page }) => {
  await page.goto(LESSON_PATH);
  const open = page.getByRole('button', { name: 'Open the lab' });
  // Past the header and the lesson's table of contents.
  for (let i = 0; i < 100 && !(await open.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(open).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeFocused();
  // Disabled controls (Stop, signals) are skipped until the service runs.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Run checks' })).toBeFocused();
  for (const name of ['Reset to starter', 'Reveal solution', 'Download', 'Submit to cohort']) {
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name })).toBeFocused();
  }
  await page.keyboard.press('Tab');
  await expect(page.getByRole('tab', { name: /src\/shutdown\.ts/ })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  const serverTab = page.getByRole('tab', { name: /src\/server\.ts/ });
  await expect(serverTab).toBeFocused();
  await expect(serverTab).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.ws-editor .view-lines')).toContainText('The entry point: `node src/server.ts`');
  // Into the editor, then out of it: Ctrl+M turns Tab into "move focus".
  const howToLeave = page.getByText('Tab indents; Ctrl+M (⌘+M on a Mac) makes Tab move focus.');
  await expect(howToLeave).toBeHidden();
  await page.keyboard.press('Tab');
  await expect(page.locator('.ws-editor .monaco-editor')).toHaveClass(/focused/);
  // In the editor, how to leave it shows over its corner.
  await expect(howToLeave).toBeVisible();
  await page.keyboard.press('Control+M');
  await page.keyboard.press('Tab');
  // The splitter between the editor and the panels, then the panels' tabs.
  await expect(page.getByRole('separator', { name: 'Resize the editor and the panels' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('tab', { name: 'Logs' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Requests' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('button', { name: 'GET /slow?ms=5000' })).toBeVisible();
});

test('dark mode follows the system and keeps its contrast', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await openLab(page);
  const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(background).toBe('rgb(21, 23, 26)');
  await expect(page.locator('.monaco-editor.vs-dark')).toBeVisible();
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0]?.target}`)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('dark.png') });
  await context.close();
});
