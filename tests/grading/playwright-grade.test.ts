/**
 * `npm run grade`: the same checks through Playwright Test, with its reporters.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../../src/engine/node/project-paths.ts';
import { findLab } from '../../labs/index.ts';

const LAB = '03-graceful-shutdown';
/** Every check of the lab is one Playwright test. */
const CHECKS = findLab(LAB)!.checks.length;

function grade(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(projectRoot, 'grading', 'grade.ts'), ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonTest {
  annotations: { type: string; description?: string }[];
  results: { status: string }[];
}
interface JsonSuite {
  specs: { tests: JsonTest[] }[];
  suites?: JsonSuite[];
}

function allTests(suites: JsonSuite[]): JsonTest[] {
  return suites.flatMap((suite) => [...suite.specs.flatMap((spec) => spec.tests), ...allTests(suite.suites ?? [])]);
}

test('the reference passes every check as a Playwright test (JSON reporter)', () => {
  const { code, stdout, stderr } = grade([LAB, `solutions/${LAB}`, '--reporter=json']);
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout);
  assert.equal(report.stats.expected, CHECKS);
  assert.equal(report.stats.unexpected, 0);
  const checkIds = allTests(report.suites).map((t) => t.annotations.find((a) => a.type === 'check')?.description);
  assert.ok(checkIds.includes('shutdown.drains-in-flight'));
});

test('a mistake fails exactly its check, with expected, observed and hint in JUnit', async () => {
  const out = await mkdtemp(join(tmpdir(), 'operable-junit-'));
  try {
    const file = join(out, 'results.xml');
    const { code } = grade([LAB, `labs/${LAB}/mistakes/sigterm-only`, '--reporter=junit'], { PLAYWRIGHT_JUNIT_OUTPUT_FILE: file });
    assert.equal(code, 1);
    const xml = await readFile(file, 'utf8');
    // Playwright reports a thrown error as <error>, one per failed check.
    assert.match(xml, new RegExp(`<testsuites [^>]*tests="${CHECKS}" failures="0" skipped="0" errors="1"`));
    const start = xml.indexOf('[shutdown.sigint-drains-too]');
    const failed = xml.slice(start, xml.indexOf('</testcase>', start));
    assert.match(failed, /<error message="Expected GET \/slow\?ms=1500, in flight when SIGINT arrived/);
    assert.match(failed, /Observed connection reset/);
    assert.match(failed, /Hint: Lesson 03, "Listening for signals in Node"/);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

test('usage problems exit 2 before Playwright starts', () => {
  const unknown = grade(['99-nope']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /there is no lab "99-nope"/);
  const missing = grade([LAB, 'no/such/folder']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no\/such\/folder does not exist/);
});
