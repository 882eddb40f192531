/**
 * @module
 * A repository of a class's submissions, laid out `<root>/<learner>/<lab-id>/<the lab's editable files>`
 * (e.g. `submissions/ada/03-graceful-shutdown/src/shutdown.ts`), read into the list of gradings to run.
 * Everything that makes the whole run wrong (no root, nothing in it, a folder that is not a lab, a
 * learner name unsafe in a report or a spreadsheet) is refused here, before any grading starts.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { labs } from '../labs/index.ts';
import { SubmissionError } from '../src/engine/node/read-folder.ts';
import { SAFE_LEARNER_NAME } from './grade-annotations.ts';

/** One learner's folder for one lab: one grading. */
export interface SubmissionEntry {
  learner: string;
  labId: string;
  dir: string;
}

const LAYOUT = '<root>/<learner>/<lab-id>/<the lab\'s files>, e.g. submissions/ada/03-graceful-shutdown/src/shutdown.ts';

/** Sub-folders of `dir` by name, sorted; dot-entries (.git, .github) and plain files (a README) are not submissions. */
function folders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.') && (entry.isDirectory() || entry.isSymbolicLink()))
    .map((entry) => entry.name)
    .sort();
}

function refuseLink(path: string, shown: string): void {
  if (lstatSync(path).isSymbolicLink()) throw new SubmissionError(`${shown} is a symbolic link: commit the folder itself.`);
}

/**
 * Every (learner, lab) under `root`, sorted by learner then lab, so Playwright's shards (contiguous
 * slices of the test list) each get whole learners with a mix of labs. Throws SubmissionError with
 * what to do when the root cannot be graded as a whole.
 */
export function findSubmissions(root: string): SubmissionEntry[] {
  const stats = lstatSync(root, { throwIfNoEntry: false });
  if (!stats) throw new SubmissionError(`${root} does not exist. Pass the folder of submissions, laid out ${LAYOUT}.`);
  if (!stats.isDirectory()) throw new SubmissionError(`${root} is not a folder. Pass the folder of submissions, laid out ${LAYOUT}.`);
  const labIds = new Set(labs.map((lab) => lab.manifest.id));
  const entries: SubmissionEntry[] = [];
  for (const learner of folders(root)) {
    if (!SAFE_LEARNER_NAME.test(learner)) {
      throw new SubmissionError(
        `learner folder "${learner}" has an unsafe name: rename it to start with a letter or a digit and use only letters, digits, ".", "_", "-", "@" and "+" (at most 64 characters).`,
      );
    }
    refuseLink(join(root, learner), learner);
    for (const labId of folders(join(root, learner))) {
      if (!labIds.has(labId)) {
        throw new SubmissionError(
          `${learner}/${labId} is not a lab: name each learner's lab folders after a lab id (${[...labIds].join(', ')}), or move the folder out of the submissions.`,
        );
      }
      refuseLink(join(root, learner, labId), `${learner}/${labId}`);
      entries.push({ learner, labId, dir: join(root, learner, labId) });
    }
  }
  if (entries.length === 0) throw new SubmissionError(`${root} holds no submissions: lay them out ${LAYOUT}.`);
  return entries;
}
