/**
 * @module
 * Mutation testing of a lab's checks: StrykerJS mutates the lab's reference solution (its editable
 * files) and runs `operable check <lab>` against every mutant. A mutant the checks do not notice is a
 * missing check, an equivalent mutant, or dead code in the reference (docs/mutation-triage.md).
 *
 *   npm run mutation -- <lab> [--concurrency N]
 *
 * Writes reports/mutation/<lab>/: mutation.html and mutation.json (Stryker's), survivors.json (score,
 * counts and surviving mutants) and the stryker.config.json that ran. Takes minutes; not in `npm test`.
 *
 * Stryker mutates "in place" (services spawned by the harness must resolve the project's
 * node_modules), but in a copy of the reference in a temporary folder: solutions/ is never written,
 * so neither Ctrl-C, a crash nor a SIGKILL can leave a mutant in it, and an edit someone makes to the
 * reference during a run is not overwritten by Stryker's restore.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { findLab, labs } from '../labs/index.ts';
import type { Lab } from '../src/engine/lab.ts';
import { labFolders, projectNodeModules, projectRoot } from '../src/engine/node/project-paths.ts';
import {
  CHECK_FILES,
  fingerprint,
  formatSurvivor,
  loadEquivalents,
  type MutationRunInfo,
  type MutationSummary,
  MutationUsageError,
  NO_VERDICT,
  parseMutationArgs,
  reportFolder,
  type StrykerJsonReport,
  summarizeReport,
} from './mutation-report.ts';

/** Only code can be mutated; a lab's JSON files (lab 01's config/*.json) are copied as they are. */
const MUTABLE = /\.(ts|mts|cts|js|mjs|cjs)$/;
/** Each mutant runs the grader and one service at a time: two busy processes per concurrent run. */
const DEFAULT_CONCURRENCY = Math.max(1, Math.floor(availableParallelism() / 2));
/**
 * Added to Stryker's 1.5 × the unmutated run. Generous: the grader runs a failed check twice, and on a
 * loaded machine a run that passes can still take twice as long as the first; a "timeout" counts as a
 * kill. The grader ends every check itself, so no mutant can hang it for long.
 */
const TIMEOUT_MS = 60_000;

const CLI = join(projectRoot, 'src', 'cli', 'operable.ts');

function strykerConfig(labId: string, workdir: string, mutate: string[], concurrency: number, output: string) {
  return {
    $schema: join(projectRoot, 'node_modules', '@stryker-mutator', 'core', 'schema', 'stryker-schema.json'),
    testRunner: 'command',
    // The project's Node (24), whatever `node` is first on PATH; `.` is the copy Stryker mutates.
    commandRunner: { command: `"${process.execPath}" "${CLI}" check ${labId} .` },
    mutate,
    inPlace: true,
    coverageAnalysis: 'off',
    concurrency,
    timeoutMS: TIMEOUT_MS,
    reporters: [process.stdout.isTTY ? 'progress' : 'progress-append-only', 'html', 'json'],
    htmlReporter: { fileName: join(output, 'mutation.html') },
    jsonReporter: { fileName: join(output, 'mutation.json') },
    cleanTempDir: 'always',
  };
}

/** Runs Stryker on Node 24 in `workdir`; resolves with its exit code, after it has exited even on Ctrl-C. */
function runStryker(configPath: string, workdir: string): Promise<number> {
  const bin = join(projectNodeModules, '@stryker-mutator', 'core', 'bin', 'stryker.js');
  const child = spawn(process.execPath, [bin, 'run', configPath], { cwd: workdir, stdio: 'inherit' });
  // Ctrl-C reaches Stryker through the terminal's process group: this process only outlives it, to
  // remove the copy. A SIGTERM sent to this process alone is passed on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
}

/**
 * Grades the unmutated copy once more after Stryker: if the reference fails now, something other than
 * the mutants (the harness, the checks, the machine) changed or broke during the run, and its kills
 * cannot be trusted. Prints the grader's report when it fails.
 */
function referenceStillPasses(labId: string, workdir: string): Promise<boolean> {
  const child = spawn(process.execPath, [CLI, 'check', labId, '.'], { cwd: workdir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      if (code !== 0) process.stderr.write(`\n${output}\n`);
      resolve(code === 0);
    }),
  );
}

/** The counts, the score, what to be wary of, and every survivor. */
function printRun(lab: Lab, summary: MutationSummary, durationMs: number, warnings: string[]): void {
  const duration = `${Math.floor(durationMs / 60_000)} min ${Math.round((durationMs % 60_000) / 1000)} s`;
  process.stdout.write(
    `\n${lab.manifest.id}: ${summary.mutants} mutants, ${summary.killed} killed, ${summary.timeouts} timeouts, ` +
      `${summary.survived + summary.noCoverage} survived, ${summary.invalid} invalid, in ${duration}.\n` +
      `Mutation score ${summary.score ?? '—'} %; without the ${summary.equivalents} known equivalent ones ${summary.scoreWithoutEquivalents ?? '—'} %.\n`,
  );
  const neverAlone = lab.checks.map((check) => check.id).filter((id) => !summary.killsByCheck[id]?.soleKills);
  if (neverAlone.length) process.stdout.write(`Checks that killed no mutant on their own: ${neverAlone.join(', ')}.\n`);
  for (const warning of warnings) process.stdout.write(`Warning: ${warning}\n`);
  const open = summary.survivors.filter((survivor) => !survivor.equivalent);
  process.stdout.write(`\nSurviving mutants (${open.length} to triage, ${summary.equivalents} known equivalent):\n`);
  for (const survivor of summary.survivors) process.stdout.write(`  ${formatSurvivor(survivor)}\n`);
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseMutationArgs(process.argv.slice(2), labs.map((lab) => lab.manifest.id), DEFAULT_CONCURRENCY);
  } catch (error) {
    if (!(error instanceof MutationUsageError)) throw error;
    process.stderr.write(`mutation: ${error.message}\n\nUsage: npm run mutation -- <lab> [--concurrency N]\n`);
    return 2;
  }
  const lab = findLab(args.lab)!;
  const { solution } = labFolders(args.lab);
  const editable = lab.manifest.editableFiles;
  const mutate = editable.filter((path) => MUTABLE.test(path));
  const reports = reportFolder(args.lab);
  const referenceBefore = await fingerprint(solution, editable);
  // Every mutant's run reads the lab's checks afresh: an edit to them mid-run mixes two versions.
  const checksBefore = await fingerprint(labFolders(args.lab).lab, CHECK_FILES);

  const workdir = await mkdtemp(join(tmpdir(), `operable-mutation-${args.lab}-`));
  // Stryker writes its reports into the copy first: an interrupted or failed run keeps the last good ones.
  const output = join(workdir, '.reports');
  try {
    for (const path of editable) await cp(join(solution, path), join(workdir, path));
    await mkdir(output);
    const configPath = join(output, 'stryker.config.json');
    await writeFile(configPath, `${JSON.stringify(strykerConfig(args.lab, workdir, mutate, args.concurrency, output), null, 2)}\n`);

    const rel = relative(process.cwd(), solution) || '.';
    process.stdout.write(
      `Mutation testing of ${args.lab}: mutating ${mutate.map((path) => `${rel}/${path}`).join(', ')}` +
        ` (a copy in ${workdir}), running \`operable check ${args.lab}\` per mutant, concurrency ${args.concurrency}.\n\n`,
    );
    const started = performance.now();
    const code = await runStryker(configPath, workdir);
    const durationMs = Math.round(performance.now() - started);
    if (code >= 128) {
      process.stderr.write(`\nmutation: interrupted; ${rel} was never written, and the last reports are kept.\n`);
      return code;
    }
    if (code !== 0) {
      process.stderr.write(
        `\nmutation: Stryker exited with ${code}; no score. If its initial run failed, the reference itself ` +
          `fails a check: run \`npm run check -- ${args.lab} ${rel}\`.\n`,
      );
      return 1;
    }

    process.stdout.write(`\nGrading the unmutated reference once more…\n`);
    const referencePassedAfterRun = await referenceStillPasses(args.lab, workdir);
    await rm(reports, { recursive: true, force: true });
    await cp(output, reports, { recursive: true });
    const report = JSON.parse(await readFile(join(reports, 'mutation.json'), 'utf8')) as StrykerJsonReport;
    const summary = summarizeReport(report, `${rel}/`, await loadEquivalents(args.lab));
    const referenceAfter = await fingerprint(solution, editable);
    const checksAfter = await fingerprint(labFolders(args.lab).lab, CHECK_FILES);
    const info: MutationRunInfo = {
      lab: args.lab,
      measuredAt: new Date().toISOString(),
      durationMs,
      concurrency: args.concurrency,
      node: process.version,
      reference: referenceBefore,
      checks: checksBefore,
      checksChangedDuringRun: checksAfter !== checksBefore,
      referencePassedAfterRun,
    };
    await writeFile(join(reports, 'survivors.json'), `${JSON.stringify({ ...info, ...summary }, null, 2)}\n`);

    const warnings = [
      summary.unconfirmedKills &&
        `${summary.unconfirmedKills} kills are unconfirmed: checks failed, but the grader gave no verdict (exit 2: "${NO_VERDICT}", ` +
          `e.g. the machine was overloaded). Had none of them been real, the score would be ${summary.confirmedScore} %. Rerun on a quieter machine.`,
      info.checksChangedDuringRun && `labs/${args.lab}/checks.ts or lab.json changed during the run, so mutants met different checks: rerun.`,
      referenceAfter !== referenceBefore && `${rel} changed during the run; this report is about the version copied at its start.`,
    ].filter((warning) => typeof warning === 'string');
    printRun(lab, summary, durationMs, warnings);
    process.stdout.write(`\nReports: ${relative(process.cwd(), reports)}/mutation.html, mutation.json, survivors.json\n`);
    if (!referencePassedAfterRun) {
      process.stderr.write(`\nmutation: the unmutated reference fails its checks after the run (report above): its kills cannot be trusted. Fix that, then rerun.\n`);
      return 1;
    }
    return 0;
  } finally {
    await rm(workdir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
