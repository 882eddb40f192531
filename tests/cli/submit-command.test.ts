/**
 * `npx operable submit` as a learner runs it, against a fake cohort server that keeps to the contract
 * of docs/cohorts.md: what it sends (the lab's editable files only), what it prints, exit codes, and a
 * message that says what to do for every refusal. The token never appears in any output.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { projectRoot } from '../../src/engine/node/project-paths.ts';
import type { LabReport } from '../../src/engine/report.ts';
import { type FakeCohort, startFakeCohort } from '../support/fake-cohort.ts';

const LAB = '03-graceful-shutdown';
const TOKEN = 'tok-grace-secret-4f2a9c';
const check = (id: string, passed: boolean) => ({
  id,
  title: passed ? 'A request in flight at SIGTERM still gets its 200' : 'The drain deadline is enforced with exit 1',
  points: 2,
  passed,
  message: passed ? '' : 'Expected exit code 1 after the deadline.\nObserved exit code 0.',
  hint: 'Lesson 03, "The drain deadline"',
  measurements: {},
  durationMs: 800,
});
const reportOf = (passed: boolean): LabReport => ({
  lab: LAB,
  title: 'Graceful shutdown',
  passed,
  score: passed ? 4 : 2,
  maxScore: 4,
  durationMs: 2000,
  checks: [check('shutdown.drains-in-flight', true), check('shutdown.deadline', passed)],
});

let cohort: FakeCohort;
let busy: FakeCohort;
let scratch: string;
let work: string;
before(async () => {
  const options = {
    learners: { [TOKEN]: { name: 'Grace Hopper', email: 'grace@example.edu' } },
    assignments: [
      { lab: LAB, title: 'Graceful shutdown', deadline: '2099-01-01T00:00:00Z', latePolicy: 'flag' as const },
      { lab: '04-health', title: 'Health', deadline: '2020-01-01T00:00:00Z', latePolicy: 'refuse' as const },
    ],
    knownLabs: [LAB, '04-health', '01-configuration'],
    outcome: (_lab: string, files: Record<string, string>) => {
      const source = files['src/shutdown.ts'] ?? '';
      if (source.includes('INFRA')) return { status: 'not-graded' as const, reason: 'the grading sandbox could not start' };
      return { status: 'graded' as const, report: reportOf(source.includes('PASS')) };
    },
  };
  [cohort, busy] = await Promise.all([startFakeCohort(options), startFakeCohort({ ...options, perMinute: 1 })]);
  scratch = await mkdtemp(join(tmpdir(), 'operable-submit-test-'));
  work = await folder('work', { 'src/shutdown.ts': '// PASS\nexport {};\n', 'notes.txt': 'not a lab file', 'src/app.ts': '// read-only in this lab' });
});
after(async () => {
  await Promise.all([cohort.close(), busy.close(), rm(scratch, { recursive: true, force: true })]);
});

async function folder(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(scratch, name);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Runs `npx operable …` as the bin shim does, without blocking this process (the fake answers from it). */
function operable(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [join(projectRoot, 'bin', 'operable.js'), ...args],
      { cwd: projectRoot, env: { ...process.env, NO_COLOR: '1', OPERABLE_COHORT_TOKEN: undefined, OPERABLE_SUBMIT_POLL_MS: '20', ...env }, timeout: 60_000 },
      (_error, stdout, stderr) => resolve({ code: child.exitCode ?? -1, stdout, stderr }),
    );
  });
}

const submit = (dir: string, ...more: string[]) => operable(['submit', LAB, dir, '--cohort', cohort.url, '--token', TOKEN, ...more]);

function assertNoToken(result: { stdout: string; stderr: string }) {
  assert.ok(!result.stdout.includes(TOKEN) && !result.stderr.includes(TOKEN), 'the token is never printed');
}

test('submit sends only the lab’s editable files and says where the submission went: exit 0', async () => {
  const before = cohort.received.length;
  const result = await submit(work);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /Submitting .*work \(src\/shutdown\.ts\) to Spring cohort at http:\/\/127\.0\.0\.1:\d+\/ as Grace Hopper\./);
  assert.match(result.stdout, /Submitted: queued\./);
  assert.match(result.stdout, new RegExp(`Your submission: ${cohort.url}/me/submissions/\\d+`));
  const sent = cohort.received.slice(before);
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0]!.files, { 'src/shutdown.ts': '// PASS\nexport {};\n' });
  assert.equal(sent[0]!.client, 'cli', 'the server records where a submission came from');
  assertNoToken(result);
});

test('the token may come from OPERABLE_COHORT_TOKEN', async () => {
  const result = await operable(['submit', LAB, work, '--cohort', cohort.url], { OPERABLE_COHORT_TOKEN: TOKEN });
  assert.equal(result.code, 0, result.stderr);
  assertNoToken(result);
});

test('--wait follows the grading and prints the report as check does: exit 0 when every check passes', async () => {
  const result = await submit(work, '--wait');
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /queued…\n\s+grading…\n/);
  assert.match(result.stdout, /✓ A request in flight at SIGTERM still gets its 200 \[shutdown\.drains-in-flight, 2 pt/);
  assert.match(result.stdout, /Score 4\/4\s+All checks pass\./);
});

test('--wait exits 1 when a check fails, with expected, observed and the hint', async () => {
  const failing = await folder('failing', { 'src/shutdown.ts': '// nothing yet\n' });
  const result = await submit(failing, '--wait');
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /✗ The drain deadline is enforced with exit 1 \[shutdown\.deadline, 0\/2 pt/);
  assert.match(result.stdout, /Observed exit code 0\.\n\s+Hint: Lesson 03, "The drain deadline"/);
});

test('--wait --json prints only the final state as JSON', async () => {
  const result = await submit(work, '--wait', '--json');
  assert.equal(result.code, 0, result.stderr);
  const final = JSON.parse(result.stdout);
  assert.equal(final.status, 'graded');
  assert.equal(final.report.score, 4);
});

test('not graded: the reason, not a zero, graded again; exit 2', async () => {
  const infra = await folder('infra', { 'src/shutdown.ts': '// INFRA\n' });
  const result = await submit(infra, '--wait');
  assert.equal(result.code, 2);
  assert.match(result.stderr, /not graded: the grading sandbox could not start\. This is not a zero: the cohort server will grade it again\. Follow it at http/);
});

test('no token: says where to put it and where to find it; exit 2 and nothing sent', async () => {
  const before = cohort.requests.length;
  const result = await operable(['submit', LAB, work, '--cohort', cohort.url]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /No token: pass --token <token> or set OPERABLE_COHORT_TOKEN/);
  assert.equal(cohort.requests.length, before);
});

test('an unknown token: ask the instructor or rejoin; exit 2', async () => {
  const result = await operable(['submit', LAB, work, '--cohort', cohort.url, '--token', 'wrong-token']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Unknown token: .*\nThe cohort server at http:\S+ does not know this token: ask your instructor, or open your join link again/);
  assert.doesNotMatch(result.stderr, /wrong-token/);
});

test('an unreachable cohort: names the address; exit 2', async () => {
  const gone = await startFakeCohort({ learners: {}, assignments: [] });
  await gone.close();
  const result = await operable(['submit', LAB, work, '--cohort', gone.url, '--token', TOKEN]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, new RegExp(`Could not reach the cohort server at ${gone.url}/ \\(ECONNREFUSED\\)`));
});

test('late under the "refuse" policy: the refusal and the deadline; an unassigned lab: what is assigned', async () => {
  const health = await folder('health', { 'src/health.ts': 'export {};\n' });
  const late = await operable(['submit', '04-health', health, '--cohort', cohort.url, '--token', TOKEN]);
  assert.equal(late.code, 2);
  assert.match(late.stderr, /Refused: Past the deadline: .*\nThe deadline was 2020-01-01 00:00 UTC; late submissions: refuse\./);
  const config = await folder('config', { 'src/config.ts': 'export {};\n' });
  const unassigned = await operable(['submit', '01-configuration', config, '--cohort', cohort.url, '--token', TOKEN]);
  assert.equal(unassigned.code, 2);
  assert.match(unassigned.stderr, /Refused: Lab not assigned: .*\nAssigned in Spring cohort: 03-graceful-shutdown, 04-health\./);
});

test('a lab the cohort server does not know: 422 with its detail', async () => {
  const metrics = await folder('metrics', { 'src/metrics.ts': 'export {};\n' });
  const result = await operable(['submit', '05-metrics', metrics, '--cohort', cohort.url, '--token', TOKEN]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Refused: Unknown lab: There is no lab "05-metrics"\./);
});

test('too large: a file over 256 KiB is refused before sending, a body over 1 MiB by the server (413)', async () => {
  const huge = await folder('huge', { 'src/shutdown.ts': 'x'.repeat(257 * 1024) });
  const local = await submit(huge);
  assert.equal(local.code, 2);
  assert.match(local.stderr, /src\/shutdown\.ts is 257 KiB; a lab file may be at most 256 KiB/);
  // 200 KiB of control characters is 1.2 MB once JSON-escaped.
  const escaped = await folder('escaped', { 'src/shutdown.ts': '\u0001'.repeat(200 * 1024) });
  const server = await submit(escaped);
  assert.equal(server.code, 2);
  assert.match(server.stderr, /Too large: Submission too large: A submission may be at most 1 MiB\./);
});

test('too many submissions: says when to try again; exit 2', async () => {
  const args = ['submit', LAB, work, '--cohort', busy.url, '--token', TOKEN];
  assert.equal((await operable(args)).code, 0);
  const result = await operable(args);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Too many submissions: .* Try again in \d+ s \(at \d\d:\d\d:\d\d\)\./);
});

test('usage problems exit 2 before anything is sent: unknown lab, no cohort, a folder without lab files', async () => {
  const before = cohort.requests.length;
  const typo = await operable(['submit', 'graceful-shutdwon', work, '--cohort', cohort.url, '--token', TOKEN]);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /There is no lab "graceful-shutdwon"\. Did you mean 03-graceful-shutdown\?/);
  const noCohort = await operable(['submit', LAB, work, '--token', TOKEN]);
  assert.equal(noCohort.code, 2);
  assert.match(noCohort.stderr, /Which cohort\? Pass --cohort/);
  const empty = await folder('empty', { 'README.md': 'hello' });
  const nothing = await submit(empty);
  assert.equal(nothing.code, 2);
  assert.match(nothing.stderr, /has none of this lab's editable files \(src\/shutdown\.ts, src\/server\.ts\): nothing to submit/);
  assert.equal(cohort.requests.length, before);
});

test('--wait gives up after its limit and says where to follow the submission; exit 2', async () => {
  const slow = await startFakeCohort({
    learners: { [TOKEN]: { name: 'Grace Hopper', email: 'grace@example.edu' } },
    assignments: [{ lab: LAB, title: 'Graceful shutdown', deadline: null, latePolicy: 'accept' }],
    pollsPerStage: 1000,
  });
  try {
    const result = await operable(['submit', LAB, work, '--cohort', slow.url, '--token', TOKEN, '--wait'], { OPERABLE_SUBMIT_WAIT_MS: '300' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, new RegExp(`Still (queued|grading) after 0 s\\. The cohort server is still working on it: follow it at ${slow.url}/me/submissions/1`));
  } finally {
    await slow.close();
  }
});
