/**
 * @module
 * Cohort grading throughput: a class of learners submits every lab (even learners the reference, odd
 * ones a known mistake, each mistake in turn) to an embedded cohort server, which grades them in the
 * sandbox; then the same again with a second grading process beside the server. Measured: wall time,
 * submissions a minute, CPU seconds a submission, "not graded" retries (an overloaded machine refusing to
 * time checks), flakes (a reference that did not pass, a mistake that did not fail its check), and what
 * 100 learners × every lab would take at that rate, against the floor the CPU sets (CPU seconds a
 * submission × 100 × labs ÷ cores): the checks' scenarios are mostly waiting (signals, timeouts,
 * windows), so gradings overlap until the CPU is busy, and the grader refuses to time checks beyond that.
 *
 *   node bench/cohort.ts [learners]     (default 2: 20 gradings per configuration, a few minutes each)
 */
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { labs } from '../labs/index.ts';
import { labFolders } from '../src/engine/node/project-paths.ts';
import { openDatabase } from '../src/cohort/db/database.ts';
import { editableFilesOf, runCohort, seedCohort, serveCohort, status, submit, type CohortProcess } from '../tests/cohort/cohort-process.ts';
import { openCpuAccount } from './cpu-account.ts';

interface Planned {
  lab: string;
  token: string;
  files: Record<string, string>;
  /** undefined: the reference, which must pass; else the check the mistake must fail. */
  mustFail?: string;
}

async function mistakesOf(labId: string): Promise<{ dir: string; fails: string }[]> {
  const root = labFolders(labId).mistakes;
  const names = (await readdir(root).catch(() => [])).sort();
  const found = [];
  for (const name of names) {
    const meta = JSON.parse(await readFile(join(root, name, 'mistake.json'), 'utf8').catch(() => '{}')) as { fails?: string | string[] };
    const fails = Array.isArray(meta.fails) ? meta.fails[0] : meta.fails;
    if (fails) found.push({ dir: join(root, name), fails });
  }
  return found;
}

async function plan(tokens: string[]): Promise<Planned[]> {
  const planned: Planned[] = [];
  for (const lab of labs) {
    const id = lab.manifest.id;
    const mistakes = await mistakesOf(id);
    for (const [i, token] of tokens.entries()) {
      const mistake = i % 2 === 1 && mistakes.length ? mistakes[Math.floor(i / 2) % mistakes.length] : undefined;
      planned.push({ lab: id, token, files: await editableFilesOf(id, mistake?.dir ?? labFolders(id).solution), mustFail: mistake?.fails });
    }
  }
  return planned;
}

async function runConfiguration(learners: number, extraWorker: boolean) {
  const dir = await mkdtemp(join(tmpdir(), 'operable-bench-cohort-'));
  const database = join(dir, 'cohort.sqlite');
  const { tokens } = await seedCohort(database, learners, labs.map((lab) => lab.manifest.id));
  const planned = await plan([...tokens.values()]);
  const cpu = openCpuAccount();
  const cpuBefore = cpu.seconds();
  const processes: CohortProcess[] = [];
  const started = performance.now();
  try {
    const server = await serveCohort(database, [], { OPERABLE_RETRY_BASE_MS: '5000' });
    processes.push(server);
    if (extraWorker) processes.push(runCohort(['worker', '--database', database], { OPERABLE_RETRY_BASE_MS: '5000' }));
    const ids = [];
    // Submitted as a class would: a few a second, not all in one instant (and within the per-learner limit).
    for (const item of planned) ids.push(await submit(server.url!, item.token, item.lab, item.files));
    let lastReport = 0;
    for (;;) {
      const states = await Promise.all(ids.map((id, i) => status(server.url!, planned[i]!.token, id)));
      const done = states.filter((state) => state.status === 'graded').length;
      if (performance.now() - lastReport > 30_000) {
        process.stderr.write(`  cohort bench: ${done}/${ids.length} graded after ${Math.round((performance.now() - started) / 1000)} s\n`);
        lastReport = performance.now();
      }
      if (done === ids.length) {
        const flakes = states.filter((state, i) => {
          const mustFail = planned[i]!.mustFail;
          return mustFail ? state.report?.checks.find((check) => check.id === mustFail)?.passed !== false : state.report?.passed !== true;
        });
        const wallMs = performance.now() - started;
        const db = await openDatabase(database);
        const [retries] = await db.query<{ n: number }>(`SELECT COALESCE(SUM(attempts - 1), 0) AS n FROM grading_jobs`);
        await db.close();
        const cpuSeconds = cpu.seconds() - cpuBefore;
        const perSubmissionMs = wallMs / ids.length;
        // What bounds 100 × every lab here: the CPU the gradings need, spread over every core at best.
        const cpuFloorMinutes = (cpuSeconds / ids.length) * 100 * labs.length / availableParallelism() / 60;
        const gradingWalls = states.map((state) => state.report?.durationMs ?? 0);
        return {
          configuration: extraWorker ? 'embedded server + a second grading process' : 'embedded server (one in-process worker)',
          submissions: ids.length,
          wallSeconds: Math.round(wallMs / 100) / 10,
          submissionsPerMinute: Math.round((ids.length / wallMs) * 60_000 * 10) / 10,
          cpuSecondsPerSubmission: Math.round((cpuSeconds / ids.length) * 10) / 10,
          cpuSource: cpu.source,
          notGradedRetries: Number(retries?.n ?? 0),
          flakes: flakes.map((state) => `${state.lab}: ${state.id}`),
          meanGradingWallSeconds: Math.round(gradingWalls.reduce((a, b) => a + b, 0) / gradingWalls.length / 100) / 10,
          projected100xEveryLabMinutes: Math.round((perSubmissionMs * 100 * labs.length) / 60_000),
          cpuBoundFloor100xEveryLabMinutes: Math.round(cpuFloorMinutes),
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  } finally {
    await Promise.all(processes.map((running) => running.stop()));
    cpu.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function benchCohort(learners = 2) {
  return [await runConfiguration(learners, false), await runConfiguration(learners, true)];
}

if (import.meta.main) {
  const results = await benchCohort(Number(process.argv[2]) || 2);
  console.table(results.map(({ flakes, cpuSource, ...row }) => ({ ...row, flakes: flakes.length })));
}
