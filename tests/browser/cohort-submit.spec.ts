/**
 * "Submit to cohort" in the lab workspace, against a fake cohort server that keeps to the submission
 * API v1 (tests/support/fake-cohort.ts) on its own loopback port, answering the course's origin (CORS):
 * the learner confirms their token once, sends what the editor holds, and watches it graded.
 */
import AxeBuilder from '@axe-core/playwright';
import type { LabReport } from '../../src/engine/report.ts';
import { type FakeCohort, startFakeCohort } from '../support/fake-cohort.ts';
import { expect, LAB, openLab, pasteIntoFile, test } from './workspace-helpers.ts';

const COURSE_ORIGIN = `http://localhost:${process.env.OPERABLE_TEST_PORT ?? 4399}`;
const TOKEN = 'tok-ada-7d1e0c44';
const KEY = 'operable:cohort:v1';
const check = (id: string, passed: boolean) => ({ id, title: id, points: 6, passed, message: '', hint: '', measurements: {}, durationMs: 900 });
const REPORT: LabReport = {
  lab: LAB,
  title: 'Graceful shutdown',
  passed: false,
  score: 6,
  maxScore: 12,
  durationMs: 4000,
  checks: [check('shutdown.drains-in-flight', true), check('shutdown.deadline', false)],
};
const learners = { [TOKEN]: { name: 'Ada Lovelace', email: 'ada@example.edu' } };

let cohort: FakeCohort;
let lateCohort: FakeCohort;
let busyCohort: FakeCohort;
test.beforeAll(async () => {
  [cohort, lateCohort, busyCohort] = await Promise.all([
    startFakeCohort({
      learners,
      cohort: { id: 'c7', name: 'Autumn cohort' },
      assignments: [{ lab: LAB, title: 'Graceful shutdown', deadline: '2099-06-30T17:00:00Z', latePolicy: 'flag' }],
      allowedOrigins: [COURSE_ORIGIN],
      outcome: (_lab, files) => (files['src/shutdown.ts']?.includes('INFRA') ? { status: 'not-graded', reason: 'the grading sandbox could not start' } : { status: 'graded', report: REPORT }),
      pollsPerStage: 2,
    }),
    startFakeCohort({
      learners,
      assignments: [{ lab: LAB, title: 'Graceful shutdown', deadline: '2020-01-01T00:00:00Z', latePolicy: 'refuse' }],
      allowedOrigins: [COURSE_ORIGIN],
    }),
    startFakeCohort({
      learners,
      assignments: [{ lab: LAB, title: 'Graceful shutdown', deadline: null, latePolicy: 'accept' }],
      allowedOrigins: [COURSE_ORIGIN],
      perMinute: 1,
    }),
  ]);
});
test.afterAll(async () => {
  await Promise.all([cohort?.close(), lateCohort?.close(), busyCohort?.close()]);
});

// Chromium logs every refused request as a console error; these are the refusals the tests cause.
test.use({
  permissions: ['clipboard-read', 'clipboard-write'],
  // As [value, options]: a bare array would be read as that pair.
  allowedConsoleErrors: [[/status of 401 \(Unauthorized\)/, /status of 403 \(Forbidden\)/, /status of 429 \(Too Many Requests\)/, /ERR_CONNECTION_REFUSED/], { scope: 'test' }],
});

test('a learner connects once, submits what the editor holds, and watches it graded', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  await openLab(page);
  expect(requested.filter((url) => /cohort/.test(url)), 'nothing of the cohort dialog loads with the workspace').toEqual([]);
  const source = `// edited ${Date.now()}\nexport {};\n`;
  await pasteIntoFile(page, 'src/shutdown.ts', source);

  const opener = page.getByRole('button', { name: 'Submit to cohort' });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'Submit to your cohort' });
  await expect(dialog).toBeVisible();
  expect(requested.filter((url) => /cohort-dialog/.test(url)), 'the dialog loads on the first click').toHaveLength(1);
  const address = dialog.getByLabel('Cohort server address');
  await expect(address).toBeFocused();

  // A wrong token: the server's problem, title and detail, and the token field to fix.
  await address.fill(cohort.url);
  await dialog.getByLabel('Personal token').fill('not-my-token');
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog.getByRole('alert')).toContainText(/^Unknown token\s*This personal token is not one of this cohort’s\./);
  await expect(dialog.getByLabel('Personal token')).toBeFocused();
  expect(await page.evaluate((key) => localStorage.getItem(key), KEY)).toBeNull();

  await dialog.getByLabel('Personal token').fill(TOKEN);
  await page.keyboard.press('Enter');
  await expect(dialog).toContainText('Signed in as Ada Lovelace (ada@example.edu) in Autumn cohort');
  await expect(dialog).toContainText('Deadline: ');
  await expect(dialog.getByRole('alert')).toBeEmpty();
  const submit = dialog.getByRole('button', { name: `Submit ${LAB}` });
  await expect(submit).toBeFocused();
  const saved = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)!), KEY);
  expect(saved).toMatchObject({ url: `${cohort.url}/`, token: TOKEN, learner: { name: 'Ada Lovelace' }, cohort: { name: 'Autumn cohort' } });

  const results = await new AxeBuilder({ page }).include('.cohort-dialog').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0]?.target}`)).toEqual([]);

  await page.keyboard.press('Enter');
  const progress = dialog.getByRole('status');
  await expect(progress).toHaveText('Queued: waiting for a grader…');
  await expect(progress).toHaveText('Grading: the checks are running…');
  await expect(progress).toHaveText('Graded: 6/12 points. 1 of 2 checks fail.');
  await expect(submit, 'the keyboard stays where it was').toBeFocused();
  const received = cohort.received.at(-1)!;
  expect(received.lab).toBe(LAB);
  expect(received.client, 'no header the CORS contract does not allow').toBeUndefined();
  expect(received.files['src/shutdown.ts']).toBe(source);
  expect(Object.keys(received.files).sort()).toEqual(['src/server.ts', 'src/shutdown.ts']);
  await expect(dialog.getByRole('link', { name: 'Open your submission on the cohort’s page' })).toHaveAttribute('href', `${cohort.url}/me/submissions/${received.id}`);
  await dialog.screenshot({ path: test.info().outputPath('cohort-graded.png') });

  // Escape closes it and gives focus back.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  // Remembered across a reload; "Forget this cohort" clears it.
  await page.reload();
  await openLab(page);
  await page.getByRole('button', { name: 'Submit to cohort' }).click();
  await expect(dialog).toContainText('Signed in as Ada Lovelace');
  await dialog.getByRole('button', { name: 'Forget this cohort' }).click();
  await expect(dialog.getByLabel('Cohort server address')).toBeVisible();
  expect(await page.evaluate((key) => localStorage.getItem(key), KEY)).toBeNull();
  await page.screenshot({ path: test.info().outputPath('cohort-connect.png') });
});

test('refusals and outages show the problem’s title and detail; not graded says why', async ({ page }) => {
  // Narrow: the lab covers the lesson, and Escape in the lab means "back to the lesson", but not in the dialog.
  await page.setViewportSize({ width: 800, height: 900 });
  await openLab(page);
  const opener = page.getByRole('button', { name: 'Submit to cohort' });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'Submit to your cohort' });
  // The dialog's code loads on this first click: Escape before it opened would reach the lab instead.
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
  await expect(page.getByRole('button', { name: 'Back to the lesson' })).toBeVisible();
  await opener.click();

  // Nothing listening: the address and what to check.
  const gone = await startFakeCohort({ learners: {}, assignments: [] });
  await gone.close();
  await dialog.getByLabel('Cohort server address').fill(gone.url);
  await dialog.getByLabel('Personal token').fill(TOKEN);
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog.getByRole('alert')).toContainText(new RegExp(`^The cohort server did not answer\\s*Nothing answered at ${gone.url}/`));
  await expect(dialog.getByRole('alert')).toContainText(COURSE_ORIGIN);

  // Past the deadline under "refuse": the server's 403.
  await dialog.getByLabel('Cohort server address').fill(lateCohort.url);
  await dialog.getByLabel('Personal token').fill(TOKEN);
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await dialog.getByRole('button', { name: `Submit ${LAB}` }).click();
  await expect(dialog.getByRole('alert')).toContainText(/^Past the deadline\s*The deadline of 03-graceful-shutdown was 2020-01-01T00:00:00Z; this cohort refuses late submissions\.$/);
  await expect(dialog).toContainText(/Deadline: .*2020.*, passed \(late submissions: refuse\)\./);
  await dialog.screenshot({ path: test.info().outputPath('cohort-refused.png') });
  await dialog.getByRole('button', { name: 'Forget this cohort' }).click();

  // Too many: the server's words, and when to try again (its Retry-After, which it exposes to the page).
  await dialog.getByLabel('Personal token').fill(TOKEN);
  await dialog.getByLabel('Cohort server address').fill(busyCohort.url);
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog).toContainText('No deadline.');
  const submit = dialog.getByRole('button', { name: `Submit ${LAB}` });
  await submit.click();
  await expect(dialog.getByRole('link', { name: 'Open your submission on the cohort’s page' })).toBeVisible();
  await expect(submit).toBeEnabled();
  await submit.click();
  await expect(dialog.getByRole('alert')).toContainText(/^Too many submissions\s*At most 1 submissions a minute: try again in \d+ s\. You can submit again at \d?\d:\d\d:\d\d( [AP]M)?\.$/);
  await dialog.getByRole('button', { name: 'Forget this cohort' }).click();

  // Not graded: the reason, and that it will be graded again.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await pasteIntoFile(page, 'src/shutdown.ts', '// INFRA\nexport {};\n');
  await page.getByRole('button', { name: 'Submit to cohort' }).click();
  await dialog.getByLabel('Cohort server address').fill(cohort.url);
  await dialog.getByLabel('Personal token').fill(TOKEN);
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await dialog.getByRole('button', { name: `Submit ${LAB}` }).click();
  await expect(dialog.getByRole('status')).toHaveText(
    'Not graded: the grading sandbox could not start. This is not a zero: the cohort server will grade it again.',
  );
  await dialog.screenshot({ path: test.info().outputPath('cohort-not-graded.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: test.info().outputPath('cohort-not-graded-dark.png') });
});
