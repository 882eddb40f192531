/**
 * The learner's client of the submission API v1 against a fake cohort server that keeps to the
 * contract (tests/support/fake-cohort.ts): answers become typed values, refusals CohortProblems with
 * their status, title, detail and Retry-After, silence a CohortUnreachable naming the address.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { projectRoot } from '../../src/engine/node/project-paths.ts';
import {
  CohortClient,
  CohortProblem,
  CohortUnreachable,
  cohortBaseUrl,
  parseRetryAfter,
  pollDelay,
  waitForGrading,
  WaitTimedOut,
  type SubmissionState,
} from '../../src/cohort/client/index.ts';
import { type FakeCohort, startFakeCohort } from '../support/fake-cohort.ts';
import type { LabReport } from '../../src/engine/report.ts';

const LAB = '03-graceful-shutdown';
const TOKEN = 'tok-ada-0123456789';
const REPORT: LabReport = { lab: LAB, title: 'Graceful shutdown', passed: false, score: 3, maxScore: 5, durationMs: 1200, checks: [] };
const FAST = { initialDelayMs: 5, maxDelayMs: 20 };

let cohort: FakeCohort;
before(async () => {
  cohort = await startFakeCohort({
    learners: { [TOKEN]: { name: 'Ada Lovelace', email: 'ada@example.edu' } },
    assignments: [
      { lab: LAB, title: 'Graceful shutdown', deadline: '2099-01-01T00:00:00Z', latePolicy: 'flag' },
      { lab: '04-health', title: 'Health', deadline: '2020-01-01T00:00:00Z', latePolicy: 'refuse' },
    ],
    knownLabs: [LAB, '04-health', '01-configuration'],
    outcome: (_lab, files) =>
      files['src/shutdown.ts']?.includes('infra') ? { status: 'not-graded', reason: 'the sandbox could not start' } : { status: 'graded', report: REPORT },
    perMinute: 4,
  });
});
after(() => cohort.close());

const client = (token = TOKEN) => new CohortClient({ baseUrl: cohort.url, token });

async function refusal(promise: Promise<unknown>): Promise<CohortProblem> {
  const error = await promise.then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof CohortProblem, String(error));
  return error;
}

test('me() says who the token belongs to, and their assignments', async () => {
  const me = await client().me();
  assert.equal(me.learner.name, 'Ada Lovelace');
  assert.equal(me.cohort.name, 'Spring cohort');
  assert.deepEqual(me.assignments.map((a) => a.lab), [LAB, '04-health']);
});

test('an unknown token is a 401 problem with the server’s title and detail', async () => {
  const problem = await refusal(client('nobody').me());
  assert.equal(problem.status, 401);
  assert.equal(problem.title, 'Unknown token');
  assert.match(problem.detail, /join link/);
  assert.doesNotMatch(problem.message, /nobody/, 'the token is never in a message');
});

test('submit sends the files with the bearer token and returns absolute addresses to follow', async () => {
  const accepted = await client().submit(LAB, { 'src/shutdown.ts': 'export {}\n' });
  assert.equal(accepted.status, 'queued');
  assert.equal(accepted.late, false);
  assert.equal(accepted.statusUrl, `${cohort.url}/api/v1/submissions/${accepted.id}`);
  assert.match(accepted.url, new RegExp(`^${cohort.url}/`));
  const received = cohort.received.at(-1)!;
  assert.deepEqual(received.files, { 'src/shutdown.ts': 'export {}\n' });
  assert.equal(received.token, TOKEN);
});

test('waitForGrading reports each status once and ends with the report', async () => {
  const accepted = await client().submit(LAB, { 'src/shutdown.ts': 'export {}\n' });
  const seen: string[] = [];
  const final = await client().waitForGrading(accepted, { ...FAST, onStatus: (state) => seen.push(state.status) });
  assert.deepEqual(seen, ['queued', 'grading', 'graded']);
  assert.deepEqual(final.report, REPORT);
  assert.equal((await client().submission(accepted.id)).status, 'graded', 'by id as well as by statusUrl');
});

test('waitForGrading ends at not-graded with the reason', async () => {
  const accepted = await client().submit(LAB, { 'src/shutdown.ts': '// infra\n' });
  const final = await client().waitForGrading(accepted, FAST);
  assert.equal(final.status, 'not-graded');
  assert.equal(final.reason, 'the sandbox could not start');
});

test('a late submission under "refuse" is a 403 that names the deadline; an unassigned lab a 403 too', async () => {
  const late = await refusal(client().submit('04-health', { 'src/health.ts': '' }));
  assert.equal(late.status, 403);
  assert.match(late.detail, /2020-01-01/);
  const unassigned = await refusal(client().submit('01-configuration', { 'src/config.ts': '' }));
  assert.equal(unassigned.status, 403);
  assert.equal(unassigned.title, 'Lab not assigned');
});

test('a lab the server does not know, or a file that is not editable, is a 422', async () => {
  assert.equal((await refusal(client().submit('05-metrics', {}))).status, 422);
  const stray = await refusal(client().submit(LAB, { 'package.json': '{}' }));
  assert.equal(stray.status, 422);
  assert.match(stray.detail, /package\.json/);
});

test('a body over 1 MiB is a 413', async () => {
  // 200 KiB of control characters is 1.2 MB once JSON-escaped.
  const problem = await refusal(client().submit(LAB, { 'src/shutdown.ts': '\u0001'.repeat(200 * 1024) }));
  assert.equal(problem.status, 413);
});

test('too many submissions is a 429 carrying Retry-After in seconds', async () => {
  const own = new CohortClient({ baseUrl: `${cohort.url}/`, token: TOKEN });
  let problem: CohortProblem | undefined;
  for (let i = 0; i < 6 && !problem; i++) {
    problem = await own.submit(LAB, { 'src/shutdown.ts': '' }).then(() => undefined, (e: CohortProblem) => e);
  }
  assert.ok(problem instanceof CohortProblem);
  assert.equal(problem.status, 429);
  assert.ok(problem.retryAfterSeconds! > 0 && problem.retryAfterSeconds! <= 60, String(problem.retryAfterSeconds));
});

test('a server that is not there is CohortUnreachable, naming the address and why', async () => {
  const gone = await startFakeCohort({ learners: {}, assignments: [] });
  await gone.close();
  const error = await new CohortClient({ baseUrl: gone.url, token: TOKEN }).me().catch((e: unknown) => e);
  assert.ok(error instanceof CohortUnreachable);
  assert.equal(error.url, `${gone.url}/`);
  assert.equal(error.reason, 'ECONNREFUSED');
});

test('an answer that is not a problem document (not a cohort server) still becomes a CohortProblem', async () => {
  const notCohort = async () => new Response('<h1>Not found</h1>', { status: 404, statusText: 'Not Found', headers: { 'Content-Type': 'text/html' } });
  const problem = await refusal(new CohortClient({ baseUrl: 'http://example.invalid', token: TOKEN, fetch: notCohort }).me());
  assert.equal(problem.status, 404);
  assert.match(problem.title, /answered 404 Not Found/);
  assert.match(problem.detail, /check the address/);
});

test('cohortBaseUrl keeps a path prefix, drops the API path, query and credentials, and refuses non-http', () => {
  assert.equal(cohortBaseUrl('https://uni.example/cohort').href, 'https://uni.example/cohort/');
  assert.equal(cohortBaseUrl('https://u:p@uni.example/cohort/api/v1/me?x=1#y').href, 'https://uni.example/cohort/');
  assert.throws(() => cohortBaseUrl('ftp://uni.example'), /https:\/\//);
  assert.throws(() => cohortBaseUrl('not a url'), /not an address/);
});

test('Retry-After is read as seconds or as a date; polls slow down to a cap', () => {
  assert.equal(parseRetryAfter('30'), 30);
  assert.equal(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 1)).toUTCString(), Date.UTC(2030, 0, 1)), 60);
  assert.equal(parseRetryAfter('soon'), undefined);
  assert.deepEqual([0, 1, 2, 3, 10].map((n) => pollDelay(n)), [1000, 1500, 2250, 3375, 10_000]);
});

const state = (status: SubmissionState['status']): SubmissionState => ({ id: '1', lab: LAB, status, late: false, createdAt: '' });

test('polling waits out a 429 for its Retry-After, rides out a brief outage, and stops on a timeout', async () => {
  const answers: Array<() => SubmissionState> = [
    () => {
      throw new CohortProblem({ status: 429, title: 'Slow down', detail: '' }, 0.05);
    },
    () => {
      throw new CohortUnreachable('http://x/', 'ECONNRESET');
    },
    () => state('graded'),
  ];
  const times: number[] = [];
  const final = await waitForGrading(async () => (times.push(performance.now()), answers.shift()!()), { initialDelayMs: 1, maxDelayMs: 1 });
  assert.equal(final.status, 'graded');
  assert.ok(times[1]! - times[0]! >= 45, `waited ${times[1]! - times[0]!} ms after the 429`);

  const down = () => Promise.reject(new CohortUnreachable('http://x/', 'ECONNREFUSED'));
  await assert.rejects(waitForGrading(down, { initialDelayMs: 1, unreachableTolerance: 2 }), CohortUnreachable);
  await assert.rejects(waitForGrading(async () => state('grading'), { initialDelayMs: 20, timeoutMs: 50 }), WaitTimedOut);
  const abort = new AbortController();
  setTimeout(() => abort.abort(new Error('closed')), 30);
  await assert.rejects(waitForGrading(async () => state('queued'), { initialDelayMs: 10, signal: abort.signal }), /closed/);
});

test('the client runs wherever fetch does: nothing from node:, no process, nothing of the server', async () => {
  const dir = join(projectRoot, 'src', 'cohort', 'client');
  const files = (await readdir(dir)).filter((name) => name.endsWith('.ts'));
  assert.ok(files.length >= 4);
  for (const file of files) {
    const source = await readFile(join(dir, file), 'utf8');
    assert.doesNotMatch(source, /from ['"]node:/, `${file} imports a Node module`);
    assert.doesNotMatch(source, /\bprocess\./, `${file} uses process`);
    assert.doesNotMatch(source, /from ['"]\.\.\/(server|store|db|queue)\//, `${file} imports the cohort server`);
    assert.doesNotMatch(source, /^import (?!type)[^;]*engine\//m, `${file} imports engine code (types only)`);
  }
});
