/**
 * @module
 * Where a lab's parts live in this project: the lab (manifest, checks, mistakes), its starter and its
 * reference solution.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of Operable's package.json, found by walking up from this module: the same answer when
 * this file runs from src/ or bundled into the site build under dist/.
 */
function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'operable') return dir;
    if (dirname(dir) === dir) throw new Error(`Cannot find Operable's package.json above ${from}`);
  }
}

export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
export const projectNodeModules = join(projectRoot, 'node_modules');

export function labFolders(labId: string) {
  return {
    lab: join(projectRoot, 'labs', labId),
    starter: join(projectRoot, 'exercises', labId),
    solution: join(projectRoot, 'solutions', labId),
    mistakes: join(projectRoot, 'labs', labId, 'mistakes'),
  };
}
