/**
 * @module
 * Grading on Node: read a learner's folder over the lab's starter and run the lab's checks against it,
 * each check with its own service instance. The CLI, the Playwright project and the tests call this.
 */
import type { Lab } from '../lab.ts';
import type { LabReport } from '../report.ts';
import { type RunLabOptions, runCheck, runLab } from '../run-check.ts';
import { composeSubmission, type Submission } from '../submission.ts';
import type { CheckDefinition } from '../check.ts';
import { NodeHarness } from './node-harness.ts';
import { labFolders } from './project-paths.ts';
import { assertFolder, listFiles, readFiles, readFolder } from './read-folder.ts';

/** The submission in `dir` (the learner's editable files) over the starter; no `dir` grades the starter. */
export async function loadSubmission(lab: Lab, dir?: string): Promise<Submission> {
  const starter = await readFolder(labFolders(lab.manifest.id).starter);
  if (dir === undefined) return composeSubmission(lab.manifest, starter, new Map());
  await assertFolder(dir);
  const present = await listFiles(dir);
  const learnerFiles = await readFiles(dir, present.filter((path) => lab.manifest.editableFiles.includes(path)));
  const submission = composeSubmission(lab.manifest, starter, learnerFiles);
  submission.ignored = present.filter((path) => !lab.manifest.editableFiles.includes(path));
  return submission;
}

export function gradeSubmission(lab: Lab, submission: Pick<Submission, 'files'>, options?: RunLabOptions): Promise<LabReport> {
  return runLab(lab, () => new NodeHarness({ manifest: lab.manifest, files: submission.files }), options);
}

export function gradeCheck(lab: Lab, submission: Pick<Submission, 'files'>, check: CheckDefinition) {
  return runCheck(check, () => new NodeHarness({ manifest: lab.manifest, files: submission.files }));
}
