import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { labs } from '../../labs/index.ts';
import {
  equivalentsFileSchema,
  formatSurvivor,
  MutationUsageError,
  parseMutationArgs,
  sourceAt,
  type StrykerJsonReport,
  summarizeReport,
} from '../../bench/mutation-report.ts';

const LABS = ['01-configuration', '04-health'];

test('the mutation command takes one known lab and an optional concurrency', () => {
  assert.deepEqual(parseMutationArgs(['04-health'], LABS, 1), { lab: '04-health', concurrency: 1 });
  assert.deepEqual(parseMutationArgs(['04-health', '--concurrency', '2'], LABS, 1), { lab: '04-health', concurrency: 2 });
  assert.throws(() => parseMutationArgs([], LABS, 1), /Which lab\?.*01-configuration, 04-health/);
  assert.throws(() => parseMutationArgs(['05-metrics'], LABS, 1), (error: Error) => error instanceof MutationUsageError && /no lab "05-metrics"/.test(error.message));
  assert.throws(() => parseMutationArgs(['04-health', '01-configuration'], LABS, 1), /one lab per run/);
  assert.throws(() => parseMutationArgs(['04-health', '--concurrency', '0'], LABS, 1), /at least 1/);
  assert.throws(() => parseMutationArgs(['04-health', '--fast'], LABS, 1), MutationUsageError);
});

const SOURCE = "export const path = '/readyz';\nif (down) {\n  return c.json({ ok: false }, 503);\n}\n";

const mutant = (id: string, status: StrykerJsonReport['files'][string]['mutants'][number]['status'], line: number, column: number, endColumn: number, extra = {}) => ({
  id,
  mutatorName: 'StringLiteral',
  replacement: '""',
  location: { start: { line, column }, end: { line, column: endColumn } },
  status,
  ...extra,
});

const KILLED_BY_TWO = [
  '04-health: Health and readiness',
  '  ✓ The service starts and answers GET / [service.answers, 1 pt, 0.2 s]',
  '  ✗ Readiness is 503 with the database down, and says why [health.readiness-down, 0/2 pt, 0.3 s]',
  '      Expected GET /readyz to answer 503 [not a check id, 0/1 pt]',
  '  ✗ Readiness follows the database down and back up [health.readiness-flips-both-ways, 0/2 pt, 1.1 s]',
].join('\n');

const REPORT: StrykerJsonReport = {
  files: {
    'src/health.ts': {
      source: SOURCE,
      mutants: [
        mutant('1', 'Survived', 1, 21, 30),
        mutant('2', 'Killed', 3, 10, 37, { mutatorName: 'ObjectLiteral', replacement: '{}', statusReason: KILLED_BY_TWO }),
        mutant('3', 'Timeout', 2, 5, 9, { mutatorName: 'ConditionalExpression', replacement: 'false' }),
        mutant('4', 'Killed', 3, 35, 38, { mutatorName: 'ArithmeticOperator', statusReason: 'operable: the grader could not run: the machine was overloaded while grading' }),
        mutant('5', 'NoCoverage', 2, 5, 9, { mutatorName: 'ConditionalExpression', replacement: 'true' }),
        mutant('6', 'CompileError', 1, 1, 7),
      ],
    },
  },
};

test('the score counts timeouts as detected and leaves invalid mutants out, as Stryker does', () => {
  const summary = summarizeReport(REPORT, 'solutions/04-health/');
  assert.equal(summary.mutants, 6);
  assert.equal(summary.killed, 2);
  assert.equal(summary.timeouts, 1);
  assert.equal(summary.survived, 1);
  assert.equal(summary.noCoverage, 1);
  assert.equal(summary.invalid, 1);
  assert.equal(summary.unconfirmedKills, 1);
  assert.equal(summary.score, 60); // (2 killed + 1 timeout) / 5 valid
  assert.equal(summary.confirmedScore, 40); // had the grader's "no verdict" been a survivor
  assert.equal(summary.scoreWithoutEquivalents, 60);
  assert.deepEqual(summary.killsByCheck, {
    'health.readiness-down': { kills: 1, soleKills: 0 },
    'health.readiness-flips-both-ways': { kills: 1, soleKills: 0 },
  });
});

test('survivors name the reference file, line, mutator and what became what, in source order', () => {
  const { survivors } = summarizeReport(REPORT, 'solutions/04-health/');
  assert.deepEqual(
    survivors.map((survivor) => [survivor.where, survivor.mutator, survivor.original, survivor.replacement]),
    [
      ['solutions/04-health/src/health.ts:1:21', 'StringLiteral', "'/readyz'", '""'],
      ['solutions/04-health/src/health.ts:2:5', 'ConditionalExpression', 'down', 'true'],
    ],
  );
  assert.equal(formatSurvivor(survivors[0]!), `solutions/04-health/src/health.ts:1:21  StringLiteral  \`'/readyz'\` → \`""\``);
});

test('a mutant listed as equivalent is marked and left out of the score after triage', () => {
  const summary = summarizeReport(REPORT, '', [
    { file: 'src/health.ts', mutator: 'StringLiteral', original: "'/readyz'", replacement: '""', why: 'never read' },
  ]);
  assert.equal(summary.equivalents, 1);
  assert.equal(summary.survivors[0]!.equivalent, 'never read');
  assert.equal(summary.score, 60);
  assert.equal(summary.scoreWithoutEquivalents, 75); // 3 detected / 4 non-equivalent
  assert.match(formatSurvivor(summary.survivors[0]!), /\(equivalent: never read\)$/);
});

test('an empty report has no score rather than 0 % or NaN', () => {
  const summary = summarizeReport({ files: {} });
  assert.equal(summary.score, null);
  assert.equal(summary.mutants, 0);
});

test('sourceAt reads 1-based positions across lines', () => {
  assert.equal(sourceAt(SOURCE, { line: 2, column: 11 }, { line: 4, column: 2 }), '{\n  return c.json({ ok: false }, 503);\n}');
});

test('bench/mutation-equivalents.json names known labs and gives a reason for every equivalent mutant', () => {
  const file = equivalentsFileSchema.parse(JSON.parse(readFileSync(new URL('../../bench/mutation-equivalents.json', import.meta.url), 'utf8')));
  for (const lab of Object.keys(file)) assert.ok(labs.some((known) => known.manifest.id === lab), `no lab ${lab}`);
});
