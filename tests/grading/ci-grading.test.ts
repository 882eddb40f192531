/**
 * CI grading (docs/ci-grading.md) run here as its workflow runs it: a repository of submissions graded
 * in two shards, each writing a blob report into its own folder (its own machine in CI), the blobs
 * gathered in one folder (as download-artifact's merge-multiple does), merged into a JSON report, and
 * turned into a gradebook. The scores must be those `gradeSubmission` (`npx operable check`) gives for
 * the same files, and every submission graded in exactly one shard.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { JSONReport } from '@playwright/test/reporter';
import { parse } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { findLab } from '../../labs/index.ts';
import { InfrastructureError } from '../../src/engine/check.ts';
import { gradeSubmission, loadSubmission } from '../../src/engine/node/grade.ts';
import { labFolders, projectRoot } from '../../src/engine/node/project-paths.ts';
import { assertNoLinks, SubmissionError } from '../../src/engine/node/read-folder.ts';
import { type Gradebook, gradebookCsv, GradebookError, gradebookFromReport } from '../../grading/gradebook-report.ts';

/** The two quickest labs to grade (about 6 s each alone), a reference and a known mistake per learner. */
const SUBMISSIONS = [
  { learner: 'ada', lab: '01-configuration', from: labFolders('01-configuration').solution },
  { learner: 'ada', lab: '02-environment', from: join(labFolders('02-environment').mistakes, 'listening-line-bare') },
  { learner: 'grace', lab: '01-configuration', from: join(labFolders('01-configuration').mistakes, 'logs-whole-config') },
  { learner: 'grace', lab: '02-environment', from: labFolders('02-environment').solution },
];
const SHARDS = 2;

let work: string;
let root: string;

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(projectRoot, script), ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 150_000,
    maxBuffer: 32 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `npx playwright merge-reports --reporter=json <dir>`, as the workflow's merge job runs it. */
function mergeToJson(blobDir: string): JSONReport {
  const cli = join(projectRoot, 'node_modules', '@playwright', 'test', 'cli.js');
  const merged = spawnSync(process.execPath, [cli, 'merge-reports', '--reporter=json', blobDir], { cwd: projectRoot, encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
  assert.equal(merged.status, 0, merged.stderr);
  return JSON.parse(merged.stdout) as JSONReport;
}

function testTitles(report: JSONReport): string[] {
  const titles: string[] = [];
  const walk = (suites: JSONReport['suites'], path: string[]) => {
    for (const suite of suites) {
      const here = suite.title ? [...path, suite.title] : path;
      for (const spec of suite.specs) titles.push([...here, spec.title].join(' › '));
      walk(suite.suites ?? [], here);
    }
  };
  walk(report.suites, []);
  return titles;
}

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'operable-ci-grading-'));
  root = join(work, 'submissions');
  for (const { learner, lab, from } of SUBMISSIONS) await cp(from, join(root, learner, lab), { recursive: true });
  // What a submissions repository also holds, and the grader must pass over.
  await writeFile(join(root, 'README.md'), 'Lab work of the class.\n');
  await mkdir(join(root, '.github'));
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

test('two shards, merged, make the gradebook gradeSubmission gives, each submission graded once', async (t) => {
  let lap = performance.now();
  /** Seconds since the last lap, for the test's diagnostics. */
  const seconds = () => {
    const elapsed = (performance.now() - lap) / 1000;
    lap = performance.now();
    return `${elapsed.toFixed(1)} s`;
  };
  const gathered = join(work, 'all-blob-reports');
  await mkdir(gathered);
  const shardTitles: string[][] = [];
  for (let shard = 1; shard <= SHARDS; shard++) {
    const blobDir = join(work, `blob-report-${shard}`);
    const graded = run('grading/grade.ts', ['--submissions', root, `--shard=${shard}/${SHARDS}`, '--reporter=blob', '--workers=2', `--output=${join(work, 'output')}`], {
      PLAYWRIGHT_BLOB_OUTPUT_DIR: blobDir,
    });
    // 1 only when a submission could not be graded (an overloaded machine): the gradebook must then say so.
    assert.ok(graded.code === 0 || graded.code === 1, `shard ${shard} exits ${graded.code}: ${graded.stdout}${graded.stderr}`);
    const blobs = await readdir(blobDir);
    assert.equal(blobs.length, 1, `shard ${shard} writes one blob report: ${blobs.join(', ')}`);
    shardTitles.push(testTitles(mergeToJson(blobDir)));
    await cp(join(blobDir, blobs[0]!), join(gathered, blobs[0]!));
    t.diagnostic(`shard ${shard}/${SHARDS}, graded and its blob merged alone: ${seconds()}`);
  }

  const all = shardTitles.flat();
  assert.equal(new Set(all).size, all.length, `a submission graded in two shards: ${JSON.stringify(shardTitles)}`);
  assert.equal(all.length, SUBMISSIONS.length);
  for (const titles of shardTitles) assert.ok(titles.length > 0, 'every shard grades something');

  const reportPath = join(work, 'report.json');
  await writeFile(reportPath, JSON.stringify(mergeToJson(gathered)));
  const csvPath = join(work, 'gradebook.csv');
  const csv = run('grading/gradebook.ts', [reportPath, '--csv', '--output', csvPath]);
  const json = run('grading/gradebook.ts', [reportPath, '--json']);
  const book = JSON.parse(json.stdout) as Gradebook;
  for (const out of [csv, json]) assert.equal(out.code, book.notGraded ? 1 : 0, out.stderr);
  t.diagnostic(`merge and gradebooks: ${seconds()}`);

  // The same files through gradeSubmission, as `npx operable check` grades them.
  const expected = await Promise.all(
    SUBMISSIONS.map(async ({ learner, lab: labId, from }) => {
      const lab = findLab(labId)!;
      const report = await gradeSubmission(lab, await loadSubmission(lab, from)).catch((error: unknown) => {
        assert.ok(error instanceof InfrastructureError && /overloaded/.test(error.message), String(error));
        return undefined;
      });
      return { learner, labId, report };
    }),
  );
  t.diagnostic(`gradeSubmission of the same ${SUBMISSIONS.length} submissions: ${seconds()}`);

  const text = await readFile(csvPath, 'utf8');
  assert.match(text, /\r\n$/, 'RFC 4180 lines end in CRLF');
  const rows = parse(text, { columns: true }) as Record<string, string>[];
  assert.deepEqual(Object.keys(rows[0]!), ['learner', '01-configuration', '02-environment', 'total', 'max']);
  assert.deepEqual(rows.map((row) => row.learner), ['ada', 'grace']);
  const maxScore = (labId: string) => findLab(labId)!.checks.reduce((sum, check) => sum + check.points, 0);
  let compared = 0;
  for (const row of rows) {
    let total = 0;
    for (const { labId, report } of expected.filter((each) => each.learner === row.learner)) {
      const detail = book.learners.find((each) => each.learner === row.learner)!.labs.find((each) => each.lab === labId)!;
      if (detail.status === 'not-graded') {
        // A busy machine may refuse to grade (as `operable check` does, exit 2): said so, never a score.
        assert.match(detail.reason, /overloaded/, `${row.learner}/${labId}`);
        assert.equal(row[labId], '', `${row.learner}/${labId}: no score when not graded`);
        continue;
      }
      total += detail.score;
      assert.equal(row[labId], String(detail.score));
      if (!report) continue;
      assert.equal(detail.score, report.score, `${row.learner}/${labId}`);
      const failedIds = (checks: readonly { id: string; passed: boolean }[]) => checks.filter((check) => !check.passed).map((check) => check.id);
      assert.deepEqual(failedIds(detail.checks), failedIds(report.checks), `${row.learner}/${labId}`);
      compared++;
    }
    assert.equal(row.total, String(total));
    assert.equal(row.max, String(maxScore('01-configuration') + maxScore('02-environment')));
  }
  const refused = SUBMISSIONS.length - compared;
  t.diagnostic(`${compared} of ${SUBMISSIONS.length} gradings compared with gradeSubmission${refused ? `; ${refused} refused by an overloaded machine` : ''}`);
  // The references pass, so no machine refuses them: at least those are compared.
  assert.ok(compared >= 2, `only ${compared} gradings compared`);
  const mistake = book.learners.find((each) => each.learner === 'ada')!.labs.find((each) => each.lab === '02-environment')!;
  if (mistake.status === 'graded') assert.ok(mistake.score < maxScore('02-environment'), 'a known mistake loses points');

  // One shard's blob alone is not the whole run: the gradebook says a shard is missing.
  const onlyFirst = join(work, 'first-shard.json');
  await writeFile(onlyFirst, JSON.stringify(mergeToJson(join(work, 'blob-report-1'))));
  const partial = run('grading/gradebook.ts', [onlyFirst]);
  assert.equal(partial.code, 2);
  assert.match(partial.stderr, new RegExp(`has ${shardTitles[0]!.length} of the run's ${SUBMISSIONS.length} gradings: a shard's blob report is missing`));
});

test('a submissions root that cannot be graded is refused with exit 2 and what to do', async () => {
  const refused = (args: string[]) => {
    const result = run('grading/grade.ts', args);
    assert.equal(result.code, 2, result.stdout + result.stderr);
    return result.stderr;
  };
  assert.match(refused(['--submissions', join(work, 'nowhere')]), /nowhere does not exist\. Pass the folder of submissions, laid out <root>\/<learner>\/<lab-id>/);
  assert.match(refused(['--submissions']), /--submissions needs the folder of submissions/);

  const empty = join(work, 'empty');
  await mkdir(join(empty, '.git'), { recursive: true });
  await writeFile(join(empty, 'README.md'), '');
  assert.match(refused(['--submissions', empty]), /holds no submissions: lay them out <root>\/<learner>\/<lab-id>/);

  const unknownLab = join(work, 'unknown-lab');
  await mkdir(join(unknownLab, 'ada', '03-graceful-shutdown'), { recursive: true });
  await mkdir(join(unknownLab, 'ada', 'lab3'), { recursive: true });
  assert.match(refused(['--submissions', unknownLab]), /ada\/lab3 is not a lab: name each learner's lab folders after a lab id \(01-configuration, /);

  for (const name of ['=HYPERLINK("x")', 'two words', '-rf']) {
    const unsafe = join(work, `unsafe-${SUBMISSIONS.length}-${name.length}`);
    await mkdir(join(unsafe, name, '01-configuration'), { recursive: true });
    assert.match(refused([`--submissions=${unsafe}`]), /has an unsafe name: rename it to start with a letter or a digit/, name);
  }

  const linked = join(work, 'linked');
  await mkdir(linked);
  await symlink(root, join(linked, 'ada'));
  assert.match(refused(['--submissions', linked]), /ada is a symbolic link: commit the folder itself/);
});

test('a folder linked into a submission is refused, so no one hands in the reference', async () => {
  const lab = findLab('01-configuration')!;
  const dir = join(work, 'linked-src');
  await mkdir(dir);
  await symlink(join(labFolders('01-configuration').solution, 'src'), join(dir, 'src'));
  assert.throws(() => assertNoLinks(dir, lab.manifest.editableFiles), (error) => error instanceof SubmissionError && /^src is a symbolic link/.test(error.message));
  assert.doesNotThrow(() => assertNoLinks(labFolders('01-configuration').solution, lab.manifest.editableFiles));
});

/** A merged report as Playwright writes it, reduced to what the gradebook reads. */
function fakeReport(tests: { learner: string; lab: string; status: 'passed' | 'failed'; score?: number; gradings?: number; error?: string }[]): JSONReport {
  const specs = tests.map((each) => {
    const annotations = [
      { type: 'learner', description: each.learner },
      { type: 'lab', description: each.lab },
      { type: 'max-score', description: '3' },
      { type: 'gradings', description: String(each.gradings ?? tests.length) },
      ...(each.score === undefined
        ? []
        : [
            { type: 'score', description: String(each.score) },
            { type: 'check', description: JSON.stringify({ id: 'a.check', title: 'A check', points: 3, passed: each.score === 3, message: '' }) },
          ]),
    ];
    const result = { status: each.status, annotations, error: each.error ? { message: `\u001b[31m${each.error}\u001b[39m\n    at stack` } : undefined, errors: [] };
    return { title: `${each.lab}: a lab`, tests: [{ annotations: annotations.slice(0, 4), results: [result] }] };
  });
  return { suites: [{ title: 'submissions.spec.ts', specs, suites: [] }] } as unknown as JSONReport;
}

test('a grading without a score is an empty cell, never a zero; a report of mixed runs is refused', () => {
  const book = gradebookFromReport(
    fakeReport([
      { learner: 'zoe', lab: '01-configuration', status: 'passed', score: 3 },
      { learner: 'zoe', lab: '03-graceful-shutdown', status: 'failed', error: 'InfrastructureError: the machine was overloaded' },
      { learner: 'al', lab: '01-configuration', status: 'passed', score: 0 },
    ]),
  );
  assert.equal(book.notGraded, 1);
  const zoe = book.learners.find((row) => row.learner === 'zoe')!;
  assert.deepEqual(zoe.labs[1], { lab: '03-graceful-shutdown', status: 'not-graded', maxScore: 3, reason: 'InfrastructureError: the machine was overloaded' });
  assert.equal(gradebookCsv(book), 'learner,01-configuration,03-graceful-shutdown,total,max\r\nal,0,,0,6\r\nzoe,3,,3,6\r\n');

  const twice = fakeReport([
    { learner: 'zoe', lab: '01-configuration', status: 'passed', score: 3 },
    { learner: 'zoe', lab: '01-configuration', status: 'passed', score: 3 },
  ]);
  assert.throws(() => gradebookFromReport(twice), (error) => error instanceof GradebookError && /zoe\/01-configuration is in the report twice/.test(error.message));
  const mixed = fakeReport([
    { learner: 'zoe', lab: '01-configuration', status: 'passed', score: 3, gradings: 1 },
    { learner: 'al', lab: '01-configuration', status: 'passed', score: 3, gradings: 2 },
  ]);
  assert.throws(() => gradebookFromReport(mixed), (error) => error instanceof GradebookError && /different runs/.test(error.message));
  const notOurs = { suites: [{ title: 'x', specs: [{ title: 'a test', tests: [{ annotations: [], results: [] }] }], suites: [] }] } as unknown as JSONReport;
  assert.throws(() => gradebookFromReport(notOurs), (error) => error instanceof GradebookError && /does not come from `npm run grade -- --submissions <root>`/.test(error.message));
});

test('the documented workflow runs the commands this test runs', async () => {
  const workflow = parseYaml(await readFile(join(projectRoot, 'docs', 'ci-grading.workflow.yml'), 'utf8')) as {
    jobs: Record<string, { needs?: string; strategy?: { matrix: { shard: number[] } }; steps: { run?: string; uses?: string; with?: Record<string, unknown>; env?: Record<string, string> }[] }>;
  };
  const { grade, gradebook } = workflow.jobs;
  assert.ok(grade && gradebook, 'a grade job and a gradebook job');
  assert.ok(grade.strategy!.matrix.shard.length >= 2);
  const runs = (job: typeof grade) => job.steps.map((step) => step.run ?? '').join('\n');
  assert.match(runs(grade), /apt-get install .*\bbubblewrap\b.*\bdumb-init\b.*\bredis-server\b/);
  assert.match(runs(grade), /npm ci[^\n]*\n[^\n]*node_modules\/\.bin" >> "\$GITHUB_PATH"/);
  assert.match(runs(grade), /npm run grade -- --submissions .*--shard=\$\{\{ matrix\.shard \}\}\/\$\{\{ strategy\.job-total \}\}\s+--reporter=blob/s);
  const upload = grade.steps.find((step) => step.uses?.startsWith('actions/upload-artifact'));
  assert.equal(upload?.with?.name, 'blob-report-${{ matrix.shard }}');
  assert.equal(gradebook.needs, 'grade');
  const download = gradebook.steps.find((step) => step.uses?.startsWith('actions/download-artifact'));
  assert.deepEqual(download?.with, { pattern: 'blob-report-*', 'merge-multiple': true, path: 'all-blob-reports' });
  assert.match(runs(gradebook), /npx playwright merge-reports --reporter=json \.\.\/all-blob-reports > \.\.\/report\.json/);
  assert.match(runs(gradebook), /node grading\/gradebook\.ts \.\.\/report\.json --csv --output \.\.\/gradebook\.csv/);
  assert.match(String(gradebook.steps.at(-1)?.with?.path), /gradebook\.csv/);
});
