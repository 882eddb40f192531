/**
 * @module
 * Grading on Node: read a learner's folder over the lab's starter and run the lab's checks against it,
 * each check with its own service instance. The CLI, the Playwright project and the tests call this.
 */
import type { Lab } from '../lab.ts';
import type { LabReport } from '../report.ts';
import { availableParallelism } from 'node:os';
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
export const CHECK_SLOTS = Number(process.env.OPERABLE_CHECK_SLOTS) || Math.max(4, availableParallelism() * 6);
const slots = checkSlots(CHECK_SLOTS);

export interface GradeOptions extends RunLabOptions {
  /** Services run in the sandbox where the machine has one (`auto`, the default); see sandbox.ts. */
  sandbox?: SandboxMode;
}

/** A stall of the grader's own event loop this long means the machine could not keep the checks' timing. */
export const OVERLOAD_STALL_MS = 1500;

/**
 * Grades the submission. A failing grade earned while the machine was too overloaded to time the
 * checks (the grader itself stalled) is not a grade: it is reported as an InfrastructureError, "not
 * graded, try again", never as failed checks.
 */
export async function gradeSubmission(lab: Lab, submission: Pick<Submission, 'files'>, options: GradeOptions = {}): Promise<LabReport> {
  const sandbox = options.sandbox ?? 'auto';
  const stalls = monitorEventLoopDelay({ resolution: 20 });
  stalls.enable();
  let report: LabReport;
  try {
    report = await runLab(lab, () => new NodeHarness({ manifest: lab.manifest, files: submission.files, sandbox }), { slots, ...options });
  } finally {
    stalls.disable();
  }
  const stallMs = Math.round(stalls.max / 1e6);
  if (!report.passed && stallMs > OVERLOAD_STALL_MS) {
    throw new InfrastructureError(
      `the machine was overloaded while grading (the grader stalled for ${(stallMs / 1000).toFixed(1)} s, so the checks' timing cannot be trusted): not graded. Grade again when it is less busy, or with fewer gradings at once.`,
    );
  }
  return report;
}

export function gradeCheck(lab: Lab, submission: Pick<Submission, 'files'>, check: CheckDefinition, options: { sandbox?: SandboxMode } = {}) {
  const sandbox = options.sandbox ?? 'auto';
  return runCheck(check, () => new NodeHarness({ manifest: lab.manifest, files: submission.files, sandbox }));
}
