/**
 * @module
 * Grading on Node: read a learner's folder over the lab's starter and run the lab's checks against it,
 * each check with its own service instance. The CLI, the Playwright project and the tests call this.
 */
import type { Lab } from '../lab.ts';
import { type CheckResult, type LabReport, summarise } from '../report.ts';
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { InfrastructureError } from '../check.ts';
import { checkSlots, type RunLabOptions, runCheck, runLab } from '../run-check.ts';
import { composeSubmission, type Submission } from '../submission.ts';
import type { CheckDefinition } from '../check.ts';
import { NodeHarness, type SandboxMode } from './node-harness.ts';
import { labFolders } from './project-paths.ts';
import { assertFolder, listFiles, readFiles, readFolder } from './read-folder.ts';

/** The submission in `dir` (the learner's editable files) over the starter; no `dir` grades the starter. */
export async function loadSubmission(lab: Lab, dir?: string): Promise<Submission> {
  const starter = await readFolder(labFolders(lab.manifest.id).starter);
  if (dir === undefined) return composeSubmission(lab.manifest, starter, new Map());
  await assertFolder(dir);
  // The editable files by their paths, whatever else the folder holds; the listing only reports the rest.
  const learnerFiles = await readFiles(dir, lab.manifest.editableFiles);
  const submission = composeSubmission(lab.manifest, starter, learnerFiles);
  submission.ignored = (await listFiles(dir)).filter((path) => !lab.manifest.editableFiles.includes(path));
  return submission;
}

/**
 * Checks running at once in this process, across every grading: a check's service mostly waits (for
 * a signal, a timeout, a slow request), so a few per core keep the machine busy without starving the
 * timing the checks measure. `OPERABLE_CHECK_SLOTS` overrides it.
 */
export const CHECK_SLOTS = Number(process.env.OPERABLE_CHECK_SLOTS) || Math.max(4, availableParallelism() * 3);
const slots = checkSlots(CHECK_SLOTS);

export interface GradeOptions extends RunLabOptions {
  /** Services run in the sandbox where the machine has one (`auto`, the default); see sandbox.ts. */
  sandbox?: SandboxMode;
  /** Run a failed check once more before counting it (default true); tests of known-wrong variants skip it. */
  retryFailed?: boolean;
  /**
   * A failing grade on an overloaded machine is "not graded" (default true). The grader's own tests of
   * known-wrong variants turn it off: they expect failures, and name the check that must fail.
   */
  refuseWhenOverloaded?: boolean;
}

/** A stall of the grader's own event loop this long means the machine could not keep the checks' timing. */
export const OVERLOAD_STALL_MS = 1500;
/** Runnable processes per core (the 1-minute load average) above which a machine is too busy to time checks. */
export const OVERLOAD_PER_CORE = 8;

/** Why this machine is too busy for the checks' timing to be trusted, or undefined when it is not. */
function overload(stallMs: number): string | undefined {
  if (stallMs > OVERLOAD_STALL_MS) return `the grader stalled for ${(stallMs / 1000).toFixed(1)} s`;
  const load = loadavg()[0] ?? 0;
  const cores = availableParallelism();
  if (load / cores > OVERLOAD_PER_CORE) return `its load was ${load.toFixed(0)} on ${cores} cores`;
  return undefined;
}

/**
 * Grades the submission. A check that fails is run once more after the others (most of a busy
 * machine's load is gone by then), so a timing a loaded machine missed is not a lost point; a wrong
 * submission fails both times. A failure that remains while the machine is overloaded is not a grade:
 * it is an InfrastructureError, "not graded, try again", never failed checks.
 */
export async function gradeSubmission(lab: Lab, submission: Pick<Submission, 'files'>, options: GradeOptions = {}): Promise<LabReport> {
  const sandbox = options.sandbox ?? 'auto';
  const harness = () => new NodeHarness({ manifest: lab.manifest, files: submission.files, sandbox });
  const started = performance.now();
  const stalls = monitorEventLoopDelay({ resolution: 20 });
  stalls.enable();
  let report: LabReport;
  try {
    const { onResult, retryFailed = true, ...rest } = options;
    const settled = (check: CheckResult) => check.passed || check.skipped !== undefined || !retryFailed;
    // Results that will not change are told at once; failures after their second run.
    const first = await runLab(lab, harness, { slots, ...rest, onResult: (result) => settled(result) && onResult?.(result) });
    const failed = first.checks.filter((check) => !settled(check)).map((check) => check.id);
    const again = failed.length ? await runLab(lab, harness, { slots, ...rest, only: failed, onResult }) : undefined;
    const checks = first.checks.map((check) => again?.checks.find((retried) => retried.id === check.id) ?? check);
    report = summarise(lab.manifest, checks, performance.now() - started);
  } finally {
    stalls.disable();
  }
  const busy = report.passed || options.refuseWhenOverloaded === false ? undefined : overload(Math.round(stalls.max / 1e6));
  if (busy) {
    throw new InfrastructureError(
      `the machine was overloaded while grading (${busy}), so the checks' timing cannot be trusted: not graded. Grade again when it is less busy, or with fewer gradings at once.`,
    );
  }
  return report;
}

export function gradeCheck(lab: Lab, submission: Pick<Submission, 'files'>, check: CheckDefinition, options: { sandbox?: SandboxMode } = {}) {
  const sandbox = options.sandbox ?? 'auto';
  return runCheck(check, () => new NodeHarness({ manifest: lab.manifest, files: submission.files, sandbox }));
}
