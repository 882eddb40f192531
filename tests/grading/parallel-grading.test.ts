/**
 * Grading that stays right under load and never cross-talks. Four graders at once (separate CLI
 * processes, as parallel CI jobs or a cohort's workers would be), round after round on lab 04's
 * reference: every run passes. Twelve gradings at once in one process (twelve "Run checks" on the
 * local server): they queue for the process's check slots, none is graded wrong, and no service
 * outlives its report. `OPERABLE_PARALLEL_ROUNDS` changes the number of rounds: 3 in the test suite,
 * which must stay short; 20 or more make it a soak test (`OPERABLE_PARALLEL_ROUNDS=20 node --test …`).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { findLab } from '../../labs/index.ts';
import { InfrastructureError } from '../../src/engine/check.ts';
import { CHECK_SLOTS, gradeSubmission, loadSubmission } from '../../src/engine/node/grade.ts';
import { labFolders, projectRoot } from '../../src/engine/node/project-paths.ts';
import type { LabReport } from '../../src/engine/report.ts';

const LAB_ID = '04-health';
const lab = findLab(LAB_ID)!;
const ROUNDS = Number(process.env.OPERABLE_PARALLEL_ROUNDS) || 3;
const GRADERS = 4;
/** Twice the check slots and more: gradings must queue for them. */
const GRADINGS_AT_ONCE = 12;

function grade(): Promise<{ code: number; report?: LabReport; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(projectRoot, 'src/cli/operable.ts'), 'check', LAB_ID, labFolders(LAB_ID).solution, '--json'], { timeout: 120_000, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      let report: LabReport | undefined;
      try {
        report = JSON.parse(stdout) as LabReport;
      } catch {
        // no report: the exit code and stderr say why
      }
      resolve({ code: error ? Number(error.code ?? -1) : 0, report, stderr });
    });
  });
}

/** Lab services (node … src/server.ts) running now that this process started, directly or through a sandbox. */
function ourServices(): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      // The service's own node, not the sandbox's bwrap and dumb-init around it.
      const [program, ...args] = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (!program?.endsWith('node') || !args.includes('src/server.ts')) continue;
      for (let pid = name, hops = 0; pid !== '1' && pid !== '0' && hops < 20; hops++) {
        if (pid === String(process.pid)) {
          found.push(Number(name));
          break;
        }
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        pid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]!;
      }
    } catch {
      // gone
    }
  }
  return found;
}

test(`${GRADERS} graders at once, ${ROUNDS} rounds of lab ${LAB_ID}'s reference: every run passes`, { timeout: ROUNDS * 120_000 }, async () => {
  const failures: string[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const runs = await Promise.all(Array.from({ length: GRADERS }, grade));
    runs.forEach((run, grader) => {
      if (run.code === 0 && run.report?.passed) return;
      const failed = run.report?.checks.filter((check) => !check.passed).map((check) => `${check.id}: ${check.message.split('\n').join(' / ')}`) ?? [];
      failures.push(`round ${round}, grader ${grader + 1}: exit ${run.code}; ${failed.join('; ') || run.stderr.trim()}`);
    });
  }
  assert.deepEqual(failures, []);
});

test(`${GRADINGS_AT_ONCE} gradings at once in one process share its ${CHECK_SLOTS} check slots: none graded wrong, nothing left running`, { timeout: 600_000 }, async () => {
  const submission = await loadSubmission(lab, labFolders(LAB_ID).solution);
  let running = 0;
  let mostAtOnce = 0;
  const watch = setInterval(() => {
    running = ourServices().length;
    mostAtOnce = Math.max(mostAtOnce, running);
  }, 100);
  try {
    const outcomes = await Promise.allSettled(Array.from({ length: GRADINGS_AT_ONCE }, () => gradeSubmission(lab, submission)));
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') {
        const failed = outcome.value.checks.filter((check) => !check.passed).map((check) => check.id);
        assert.deepEqual(failed, [], 'a grading that finished passed every check');
      } else {
        // An overloaded machine says so: "not graded", never a wrong score.
        assert.ok(outcome.reason instanceof InfrastructureError, String(outcome.reason));
        assert.match(outcome.reason.message, /not graded/);
      }
    }
    assert.ok(outcomes.some((outcome) => outcome.status === 'fulfilled'), 'some gradings finished');
  } finally {
    clearInterval(watch);
  }
  assert.ok(mostAtOnce <= CHECK_SLOTS * 2, `at most ~one service per check slot ran at once: saw ${mostAtOnce}`);
  assert.deepEqual(ourServices(), [], 'no service outlived its report');
});
