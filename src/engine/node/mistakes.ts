/**
 * @module
 * A lab's known-wrong variants (`labs/<id>/mistakes/<slug>/`): each holds editable files and a
 * `mistake.json` naming the check that must catch it. They test the grader itself.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Lab, type Mistake, mistakeSchema } from '../lab.ts';
import { labFolders } from './project-paths.ts';

export interface MistakeVariant extends Mistake {
  slug: string;
  /** Folder of the variant's editable files, gradeable like a learner's folder. */
  dir: string;
}

export async function listMistakes(lab: Lab): Promise<MistakeVariant[]> {
  const root = labFolders(lab.manifest.id).mistakes;
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const variants: MistakeVariant[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = join(root, entry.name);
    const mistake = mistakeSchema.parse(JSON.parse(await readFile(join(dir, 'mistake.json'), 'utf8')));
    if (!lab.checks.some((check) => check.id === mistake.fails)) {
      throw new Error(`Mistake ${entry.name} of lab ${lab.manifest.id} names an unknown check ${mistake.fails}`);
    }
    variants.push({ ...mistake, slug: entry.name, dir });
  }
  return variants;
}
