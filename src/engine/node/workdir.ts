/**
 * @module
 * A service instance's own directory: the submission's files written to a fresh temporary folder,
 * with the project's installed dependencies linked in so the service runs without an install.
 */
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { InfrastructureError } from '../check.ts';
import type { SubmissionFiles } from '../submission.ts';

export interface Workdir {
  path: string;
  remove(): Promise<void>;
}

const liveWorkdirs = new Set<string>();

// An interrupted grader (Ctrl-C, a killed worker) still removes its folders; 'exit' handlers must be sync.
process.once('exit', () => {
  for (const path of liveWorkdirs) rmSync(path, { recursive: true, force: true });
});

/** Either link a node_modules folder into the run folder, or make the run folder inside `parent`, below its dependencies. */
export type DependencyPlacement = { linkNodeModules: string } | { parent: string };

export async function createWorkdir(files: SubmissionFiles, placement: DependencyPlacement): Promise<Workdir> {
  let path: string;
  try {
    if ('parent' in placement) await mkdir(placement.parent, { recursive: true });
    path = await mkdtemp(join('parent' in placement ? placement.parent : tmpdir(), 'operable-run-'));
    liveWorkdirs.add(path);
    for (const [relativePath, content] of files) {
      const target = join(path, relativePath);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
    if ('linkNodeModules' in placement) await symlink(placement.linkNodeModules, join(path, 'node_modules'), 'dir');
  } catch (error) {
    throw new InfrastructureError(`Could not prepare a temporary directory for the service: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return {
    path,
    remove: async () => {
      liveWorkdirs.delete(path);
      await rm(path, { recursive: true, force: true });
    },
  };
}
