/**
 * @module
 * Where a lab's parts live in this project: the lab (manifest, checks, mistakes), its starter and its
 * reference solution.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const projectNodeModules = join(projectRoot, 'node_modules');

export function labFolders(labId: string) {
  return {
    lab: join(projectRoot, 'labs', labId),
    starter: join(projectRoot, 'exercises', labId),
    solution: join(projectRoot, 'solutions', labId),
    mistakes: join(projectRoot, 'labs', labId, 'mistakes'),
  };
}
