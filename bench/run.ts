/**
 * Benchmarks, written to bench/results.json and printed as a table. No test asserts on these numbers.
 *
 *   npm run bench [-- --runs 20 --suite-runs 5]
 *
 * - start-up: spawn → first HTTP answer of each lab's reference service vs a bare node:http
 *   hello-world, interleaved, median of N each, and their ratio;
 * - the site: JS and CSS bytes of a lesson page before the lab opens, and for labs 03 and 04 the
 *   time from "Open the lab" to an editable editor and to its first TypeScript diagnostic (median,
 *   against the 0.6 s and 1.5 s targets) and the declarations the editor gets (`node bench/site.ts`
 *   measures only these), and the floor under those: Monaco alone on an empty page (bench/editor-floor.ts);
 * - lab suites: wall time of grading each lab's reference vs the sum and the longest of its checks'
 *   inherent waits (the sleeps and slow requests its scenarios need), and the timing margins the
 *   checks observed (min / median / max), which is what the checks' thresholds are set against;
 * - cohort grading (bench/cohort.ts): a class's submissions of every lab graded by an embedded cohort
 *   server, with one grading process and with two: throughput, CPU per submission, retries, flakes;
 * - mutation scores: read from each lab's last `npm run mutation -- <lab>` (reports/mutation/), with
 *   when it was measured; mutation testing itself takes minutes per lab and never runs here.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { labs } from '../labs/index.ts';
import { gradeSubmission, loadSubmission } from '../src/engine/node/grade.ts';
import { labFolders, projectNodeModules, projectRoot } from '../src/engine/node/project-paths.ts';
import { createWorkdir } from '../src/engine/node/workdir.ts';
import { buildContainerFiles, toTree, writeContainerFiles } from '../src/build/container-files.ts';
import { benchSite, editorTable } from './site.ts';
import { benchEditorFloor } from './editor-floor.ts';
import { benchGradingCpu, benchPreflight, benchSandboxStart } from './grading-cost.ts';
import { benchMetricsOverhead } from './metrics-overhead.ts';
import { benchTracingOverhead } from './tracing-overhead.ts';
import { benchTracingStartup } from './tracing-startup.ts';
import { benchRateLimit } from './rate-limit.ts';
import { benchCache } from './cache.ts';
import { benchJobs } from './jobs.ts';
import { benchLighthouse, lighthouseTable } from './lighthouse.ts';
import { benchCohort } from './cohort.ts';
import { lastMutationRun } from './mutation-report.ts';
import { compareStartup, median, timeToFirstAnswer } from './first-answer.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, 'suite-runs': { type: 'string', default: '5' } },
});
const runs = Number(values.runs);
const suiteRuns = Number(values['suite-runs']);

const round = (n: number) => Math.round(n * 10) / 10;

/** Every lab: spawn → first answer of its reference, its starter and bare Node (the floor), interleaved. */
async function benchStartup() {
  const results = [];
  for (const lab of labs) {
    const { entry, env, portEnv } = lab.manifest;
    const reference = await loadSubmission(lab, labFolders(lab.manifest.id).solution);
    const startup = await compareStartup({ entry, env, portEnv, reference, starter: await loadSubmission(lab), runs });
    results.push({ lab: lab.manifest.id, ...startup, ratioToBareNode: round(startup.firstAnswerReferenceMedianMs / startup.firstAnswerBareNodeMedianMs) });
  }
  return results;
}

async function benchSuites() {
  const results = [];
  for (const lab of labs) {
    const submission = await loadSubmission(lab, labFolders(lab.manifest.id).solution);
    const walls: number[] = [];
    const observed: Record<string, number[]> = {};
    let inherent: number[] = [];
    let failedRuns = 0;
    for (let i = 0; i < suiteRuns; i++) {
      const report = await gradeSubmission(lab, submission);
      if (!report.passed) failedRuns++;
      walls.push(report.durationMs);
      inherent = report.checks.map((check) => check.measurements.inherentWaitMs ?? 0);
      for (const check of report.checks) {
        for (const [name, value] of Object.entries(check.measurements)) {
          if (name === 'inherentWaitMs') continue;
          (observed[`${check.id} ${name}`] ??= []).push(value);
        }
      }
    }
    const margins = Object.fromEntries(
      Object.entries(observed).map(([key, values]) => [key, { min: Math.min(...values), median: median(values), max: Math.max(...values) }]),
    );
    results.push({
      lab: lab.manifest.id,
      runs: suiteRuns,
      failedRuns,
      checks: lab.checks.length,
      wallMedianMs: median(walls),
      wallMaxMs: Math.max(...walls),
      sumOfInherentWaitsMs: inherent.reduce((a, b) => a + b, 0),
      longestInherentWaitMs: Math.max(...inherent),
      observedTimings: margins,
    });
  }
  return results;
}

/**
 * The in-browser runtime's side, measured under Node (no WebContainer boots here): what a learner
 * downloads per lab, how long the build takes to bundle it, how fast the service starts from the
 * vendored dependencies, and the reference suite's wall time through `checks.mjs --host webcontainer`.
 */
async function benchContainer() {
  const results = [];
  for (const lab of labs) {
    const id = lab.manifest.id;
    const bundleStarted = performance.now();
    const files = await buildContainerFiles(id);
    const bundleMs = performance.now() - bundleStarted;
    const json = JSON.stringify(toTree(files));
    const root = await mkdtemp(join(tmpdir(), 'operable-bench-container-'));
    await writeContainerFiles(root, files);
    for (const path of lab.manifest.editableFiles) await cp(join(labFolders(id).solution, path), join(root, 'lab', path));
    const starts: number[] = [];
    for (let i = 0; i < runs; i++) starts.push(await timeToFirstAnswer(join(root, 'lab'), lab.manifest.entry, lab.manifest.env, lab.manifest.portEnv));
    const walls: number[] = [];
    for (let i = 0; i < suiteRuns; i++) {
      const started = performance.now();
      await new Promise<void>((resolve) => execFile(process.execPath, ['checks.mjs', 'check', id, 'lab', '--host', 'webcontainer'], { cwd: root }, () => resolve()));
      walls.push(performance.now() - started);
    }
    await rm(root, { recursive: true, force: true });
    results.push({
      lab: id,
      files: files.size,
      containerJsonBytes: json.length,
      containerJsonGzipBytes: gzipSync(json).length,
      runnerBytes: files.get('checks.mjs')!.length,
      bundleMs: round(bundleMs),
      vendoredServiceStartMedianMs: round(median(starts)),
      checksInContainerModeWallMedianMs: round(median(walls)),
    });
  }
  return results;
}

/** Each lab's last mutation run, if any: measured by `npm run mutation -- <lab>`, only read here. */
async function benchMutation() {
  const results = [];
  for (const lab of labs) {
    const run = await lastMutationRun(lab.manifest.id, lab.manifest.editableFiles);
    if (!run) {
      results.push({ lab: lab.manifest.id, measuredAt: null, note: `never run: npm run mutation -- ${lab.manifest.id}` });
      continue;
    }
    const { survivors, ...counts } = run;
    results.push({ ...counts, survivorsToTriage: survivors.filter((survivor) => !survivor.equivalent).length });
  }
  return results;
}

const startup = await benchStartup();
const suites = await benchSuites();
const container = await benchContainer();
const site = await benchSite(Math.min(runs, 7));
const editorFloor = await benchEditorFloor(Math.min(runs, 7));
const mutation = await benchMutation();
const sandboxStart = await benchSandboxStart(Math.min(runs, 10));
const gradingCpu = await benchGradingCpu();
const preflight = await benchPreflight();
const metricsOverhead = await benchMetricsOverhead();
const tracingStartup = await benchTracingStartup(Math.min(runs, 15));
const tracingOverhead = await benchTracingOverhead();
const rateLimitOverhead = await benchRateLimit();
const cache = await benchCache({ runs: Math.min(runs, 10) });
const jobs = await benchJobs();
const lighthouse = await benchLighthouse(3);
const cohort = await benchCohort(Number(process.env.OPERABLE_BENCH_COHORT_LEARNERS) || 2);
const results = {
  date: new Date().toISOString(),
  machine: { node: process.version, platform: process.platform, arch: process.arch, cpus: (await import('node:os')).cpus().length },
  startup,
  suites,
  container,
  site,
  editorFloor,
  mutation,
  sandboxStart,
  gradingCpu,
  preflight,
  metricsOverhead,
  tracingStartup,
  tracingOverhead,
  rateLimitOverhead,
  cache,
  jobs,
  lighthouse,
  cohort,
};
await writeFile(join(projectRoot, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

console.log(`\nStart-up: spawn → first answer, median of ${runs}`);
console.table(
  startup.map((s) => ({
    lab: s.lab,
    'reference ms': s.firstAnswerReferenceMedianMs,
    'starter ms': s.firstAnswerStarterMedianMs,
    'bare node ms': s.firstAnswerBareNodeMedianMs,
    'the lab\'s feature ms': s.featureStartupCostMs,
    'reference / bare': s.ratioToBareNode,
  })),
);
console.log(`\nLab suites on the reference solution, ${suiteRuns} runs`);
console.table(
  suites.map((s) => ({
    lab: s.lab,
    checks: s.checks,
    'wall median ms': s.wallMedianMs,
    'sum of inherent waits ms': s.sumOfInherentWaitsMs,
    'longest inherent wait ms': s.longestInherentWaitMs,
    'failed runs': s.failedRuns,
  })),
);
for (const suite of suites) {
  console.log(`\nObserved timings, ${suite.lab} (ms)`);
  console.table(suite.observedTimings);
}
console.log('\nIn-browser runtime, measured under Node: per-lab download, bundling, start-up from vendored dependencies, checks via checks.mjs');
console.table(
  container.map((c) => ({
    lab: c.lab,
    'container.json KB (gzip)': `${Math.round(c.containerJsonBytes / 1024)} (${Math.round(c.containerJsonGzipBytes / 1024)})`,
    'bundle ms': c.bundleMs,
    'service start ms': c.vendoredServiceStartMedianMs,
    'checks wall ms': c.checksInContainerModeWallMedianMs,
  })),
);
console.log('\nLesson page before the lab opens (JS and CSS, inline and fetched)');
console.table({
  'lesson page JS bytes (gzip)': `${site.lessonPage.jsBytes} (${site.lessonPage.jsGzipBytes})`,
  'lesson page CSS bytes (gzip)': `${site.lessonPage.cssBytes} (${site.lessonPage.cssGzipBytes})`,
});
console.log('\nOpening the lab, fresh browser each run: → an editor that took a keystroke, → its first type error; the declarations its TypeScript worker gets');
console.table(editorTable(site.editor));
console.log("\nThe editor's floor: Monaco alone on an empty page, same measure (what the workspace adds is the difference)");
console.table(editorFloor);
console.log('\nMutation testing of the checks: each lab\'s last `npm run mutation -- <lab>` (not run by the bench)');
console.table(
  mutation.map((m) =>
    'note' in m
      ? { lab: m.lab, measured: m.note }
      : {
          lab: m.lab,
          measured: `${m.measuredAt.slice(0, 16).replace('T', ' ')}${m.trustworthy ? '' : ' (UNTRUSTED: the reference failed after the run)'}${m.stale ? ' (stale: reference or checks changed)' : ''}`,
          mutants: m.mutants,
          killed: m.killed,
          timeouts: m.timeouts,
          survived: m.survived + m.noCoverage,
          'score %': m.score,
          'unconfirmed kills': m.unconfirmedKills,
          'score % w/o equivalents': m.scoreWithoutEquivalents,
          'to triage': m.survivorsToTriage,
          'duration s': m.durationMs === undefined ? '' : Math.round(m.durationMs / 1000),
        },
  ),
);
console.log('\nThe sandbox: lab 04 service start → answering, median, the same run without and with it');
console.table(sandboxStart);
console.log('\nOne graded submission (the reference) per lab: wall and CPU seconds of the grader and every process it started');
console.log(`CPU seconds per graded submission (measured by ${gradingCpu.measuredBy}):`);
console.table(gradingCpu.labs);
console.log('\nIn-browser runtime: the type stripper (fetched only where the container\'s Node cannot run .ts) and the preflight on this Node');
console.table({ 'type stripper KB (gzip)': `${preflight.typeStripperKB} (${preflight.typeStripperGzipKB})`, ...preflight.preflight });
console.log('\nLab 05: requests per second with the metrics middleware and without it (the starter\'s), the same run');
console.table(metricsOverhead);
console.log('\nLab 06: CPU ms of importing the OpenTelemetry SDK (its wall-clock start-up cost is lab 06\'s row of the start-up table)');
console.table([tracingStartup]);
console.log('\nLab 06: requests per second with tracing (spans exported over OTLP/protobuf) and without it (the starter\'s), the same run');
console.table(tracingOverhead);
console.log('\nLab 07: requests per second with the rate limiter (every request counted, none refused) and without it, the same run');
console.table([rateLimitOverhead]);
console.log('\nLab 08: Redis start-up per check; spawn → first answer with Redis, with ioredis-mock and bare node; requests per second served from L1 and from Redis against the store every time');
console.table([cache.redisStartup]);
console.table([cache.startup]);
console.table(cache.throughput);
console.log('\nLab 09: POST /jobs answered per second, accepted (202) vs refused by a full queue (503)');
console.table([jobs.requestPath]);
console.log('\nLighthouse (mobile emulation): the course map and a lesson');
console.table(lighthouseTable(lighthouse));
console.log('\nCohort grading: every lab submitted by a class (references and known mistakes), graded by an embedded cohort server, then with a second grading process');
console.table(cohort.map(({ flakes, cpuSource, ...row }) => ({ ...row, flakes: flakes.length })));
console.log('\nWritten to bench/results.json');
