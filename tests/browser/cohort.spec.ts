/**
 * The whole cohort story on a real cohort server and database, in both its modes — embedded (SQLite,
 * one in-process worker) and PostgreSQL + Redis with two worker processes: an instructor signs in,
 * creates a cohort, imports a roster and assigns lab 01; a learner joins with the link and submits from
 * the workspace, another from the CLI; the gradebook shows the grades `npx operable check` gives for the
 * same files; the drill-down, a regrade and the CSV download work.
 */
import { execFile } from 'node:child_process';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from '@playwright/test';
import { openDatabase } from '../../src/cohort/db/database.ts';
import { migrate } from '../../src/cohort/db/migrations.ts';
import { createInstructor } from '../../src/cohort/store/accounts.ts';
import { labFolders, projectRoot } from '../../src/engine/node/project-paths.ts';
import { LocalRedis } from '../../src/engine/node/redis-server.ts';
import type { LabReport } from '../../src/engine/report.ts';
import { runCohort, serveCohort, type CohortProcess } from '../cohort/cohort-process.ts';
import { findLab } from '../../labs/index.ts';
import { gradeSubmission, loadSubmission } from '../../src/engine/node/grade.ts';
import { startPostgres, type TestPostgres } from '../support/postgres-server.ts';
import { expect, openLab, test } from './workspace-helpers.ts';

const LAB = '01-configuration';
const COURSE_ORIGIN = `http://localhost:${process.env.OPERABLE_TEST_PORT ?? 4399}`;
const CLI = joinPath(projectRoot, 'src', 'cli', 'operable.ts');
const INSTRUCTOR = { email: 'ina@example.edu', password: 'a long enough passphrase' };
const ROSTER = 'name,email,id\nAda Lovelace,ada@example.edu,S1\nBo Cole,bo@example.edu,S2\n';

function operable(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, [CLI, ...args], { timeout: 280_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: typeof error?.code === 'number' ? error.code : error ? 1 : 0, stdout, stderr }),
    ),
  );
}

/**
 * What `npx operable check` says of the starter and of the reference — the same gradeSubmission, here in
 * process — the grades the gradebook must show. Never refused as overloaded: this is the expectation.
 */
let expected: Promise<{ starter: LabReport; reference: LabReport }>;
test.beforeAll(() => {
  const lab = findLab(LAB)!;
  const grade = async (dir?: string) => gradeSubmission(lab, await loadSubmission(lab, dir), { refuseWhenOverloaded: false });
  expected = Promise.all([grade(), grade(labFolders(LAB).solution)]).then(([starter, reference]) => ({ starter, reference }));
});
// A grading the cohort server refuses on a busy machine ("not graded, will retry") is retried in 3 s, not 30.
const QUICK_RETRY = { OPERABLE_RETRY_BASE_MS: '3000' };

interface Mode {
  name: string;
  start(): Promise<{ database: string; processes: CohortProcess[]; cleanup(): Promise<void> }>;
}

const modes: Mode[] = [
  {
    name: 'embedded (SQLite, an in-process worker)',
    async start() {
      const dir = await mkdtemp(joinPath(tmpdir(), 'operable-cohort-e2e-'));
      const database = joinPath(dir, 'cohort.sqlite');
      await seedInstructor(database);
      const server = await serveCohort(database, ['--origin', COURSE_ORIGIN], QUICK_RETRY);
      return { database, processes: [server], cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL + Redis, two worker processes',
    async start() {
      const postgres = await startPostgres();
      if (!('url' in postgres)) throw new Error(postgres.missing);
      const redis = await LocalRedis.launch();
      const database = await (postgres as TestPostgres).createDatabase('cohort_e2e');
      await seedInstructor(database);
      const server = await serveCohort(database, ['--origin', COURSE_ORIGIN, '--redis', redis.url], { OPERABLE_SWEEP_MS: '1000', ...QUICK_RETRY });
      const workers = [0, 1].map(() => runCohort(['worker', '--database', database, '--redis', redis.url, '--concurrency', '1'], QUICK_RETRY));
      await Promise.all(workers.map((worker) => worker.waitFor((line) => line.msg === 'cohort worker started')));
      return {
        database,
        processes: [server, ...workers],
        async cleanup() {
          await redis.dispose();
          await (postgres as TestPostgres).stop();
        },
      };
    },
  },
];

async function seedInstructor(database: string): Promise<void> {
  const db = await openDatabase(database);
  await migrate(db);
  await createInstructor(db, { ...INSTRUCTOR, name: 'Ina Structor' });
  await db.close();
}

async function signInAndCreateCohort(page: Page, url: string): Promise<string> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Email').fill(INSTRUCTOR.email);
  await page.getByLabel('Password').fill(INSTRUCTOR.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Your cohorts' })).toBeVisible();
  await page.getByLabel('Cohort name').fill('Autumn 2026');
  await page.getByRole('button', { name: 'Create cohort' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Autumn 2026' })).toBeVisible();
  await page.getByLabel('Roster CSV, pasted').fill(ROSTER);
  await page.getByRole('button', { name: 'Import roster' }).click();
  await expect(page.getByRole('heading', { name: 'Roster (2 learners)' })).toBeVisible();
  await page.getByLabel('Lab', { exact: true }).selectOption(LAB);
  await page.getByRole('button', { name: 'Assign lab' }).click();
  await expect(page.getByRole('region', { name: 'Assigned labs' })).toContainText(LAB);
  return page.getByLabel(/Send this link/).inputValue();
}

async function joinCohort(browser: Browser, link: string, email: string): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await page.getByLabel(/email/i).fill(email);
  await page.getByRole('button', { name: 'Join' }).click();
  const token = (await page.locator('#token').textContent())!.trim();
  await context.close();
  return token;
}

for (const mode of modes) {
  test.describe(`cohort, ${mode.name}`, () => {
    test.describe.configure({ mode: 'serial' });
    let running: Awaited<ReturnType<Mode['start']>>;
    test.beforeAll(async () => {
      running = await mode.start();
    });
    test.afterAll(async () => {
      await Promise.all(running?.processes.map((process) => process.stop()) ?? []);
      await running?.cleanup();
    });

    test('instructor, learners, workspace and CLI submissions, gradebook, drill-down, regrade, CSV', async ({ page, browser }, testInfo) => {
      test.setTimeout(420_000);
      const url = running.processes[0]!.url!;
      const instructor = await (await browser.newContext()).newPage();
      const link = await signInAndCreateCohort(instructor, url);
      expect(link).toMatch(new RegExp(`^${url}/join/`));

      // Ada joins, then submits the starter from the lab's workspace.
      const adaToken = await joinCohort(browser, link, 'ada@example.edu');
      await openLab(page, `/lessons/${LAB}/`);
      await page.getByRole('button', { name: 'Submit to cohort' }).click();
      const dialog = page.getByRole('dialog', { name: 'Submit to your cohort' });
      await dialog.getByLabel('Cohort server address').fill(url);
      await dialog.getByLabel('Personal token').fill(adaToken);
      await dialog.getByRole('button', { name: 'Connect' }).click();
      await expect(dialog).toContainText('Ada Lovelace');
      await dialog.getByRole('button', { name: `Submit ${LAB}` }).click();

      // Bo joins and submits the reference from a terminal.
      const boToken = await joinCohort(browser, link, 'bo@example.edu');
      const cli = await operable(['submit', LAB, labFolders(LAB).solution, '--cohort', url, '--token', boToken, '--wait']);
      expect(cli.code, cli.stdout + cli.stderr).toBe(0);

      const { starter, reference } = await expected;
      await expect(dialog).toContainText(`${starter.score}/${starter.maxScore}`, { timeout: 240_000 });

      // The gradebook: the grades `operable check` gives, in words and numbers.
      await instructor.goto(`${url}/cohorts`);
      await instructor.getByRole('link', { name: 'gradebook' }).first().click();
      const ada = instructor.getByRole('row', { name: /Ada Lovelace/ });
      const bo = instructor.getByRole('row', { name: /Bo Cole/ });
      await expect(ada).toContainText(`${starter.score}/${starter.maxScore}`);
      await expect(bo).toContainText(`${reference.score}/${reference.maxScore}`);
      await instructor.screenshot({ path: testInfo.outputPath('gradebook.png'), fullPage: true });
      const violations = (await new AxeBuilder({ page: instructor }).analyze()).violations;
      expect(violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(', ')}`)).toEqual([]);

      // Drill-down to Ada's failed checks, expected vs observed.
      await ada.getByRole('link', { name: new RegExp(`${starter.score}/${starter.maxScore}`) }).click();
      await expect(instructor.getByRole('heading', { name: 'Report' })).toBeVisible();
      const failedCheck = starter.checks.find((check) => !check.passed)!;
      await expect(instructor.locator('main')).toContainText(failedCheck.id);
      await expect(instructor.locator('main')).toContainText('✗ failed');

      // Regrade it: queued, then graded again with the same score.
      await instructor.getByRole('button', { name: 'Regrade this submission' }).click();
      await expect(instructor.locator('main')).toContainText(/regrade queued|grading|queued/);
      await expect
        .poll(
          async () => {
            await instructor.reload();
            return (await instructor.locator('main').textContent()) ?? '';
          },
          { timeout: 240_000, intervals: [2000] },
        )
        .toMatch(/graded(?! with older)/);

      // The CSV an LMS imports.
      await instructor.goto(`${url}/cohorts`);
      await instructor.getByRole('link', { name: 'gradebook' }).first().click();
      const [download] = await Promise.all([instructor.waitForEvent('download'), instructor.getByRole('link', { name: 'Download CSV' }).click()]);
      const rows = parse(await readFile((await download.path())!, 'utf8'), { columns: true }) as Record<string, string>[];
      const byName = Object.fromEntries(rows.map((row) => [row.name, row]));
      expect(byName['Ada Lovelace']?.[LAB]).toBe(String(starter.score));
      expect(byName['Bo Cole']?.[LAB]).toBe(String(reference.score));
      await instructor.context().close();
    });
  });
}
