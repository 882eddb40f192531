/**
 * Every variant of every lab (starter, reference, each mistake) type-checks as the learner's project
 * would, with the lab's own tsconfig: a mistake must be wrong in behaviour, not in its types.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { labs } from '../../labs/index.ts';
import { loadSubmission } from '../../src/engine/node/grade.ts';
import { listMistakes } from '../../src/engine/node/mistakes.ts';
import { labFolders, projectNodeModules } from '../../src/engine/node/project-paths.ts';

test('starters, references and mistakes all type-check', async () => {
  const root = await mkdtemp(join(tmpdir(), 'operable-typecheck-'));
  try {
    await symlink(projectNodeModules, join(root, 'node_modules'), 'dir');
    const projects: string[] = [];
    for (const lab of labs) {
      const { id } = lab.manifest;
      const variants: Array<[string, string | undefined]> = [
        ['starter', undefined],
        ['solution', labFolders(id).solution],
        ...(await listMistakes(lab)).map((m): [string, string] => [`mistake-${m.slug}`, m.dir]),
      ];
      for (const [name, dir] of variants) {
        const base = join(root, id, name);
        for (const [path, content] of (await loadSubmission(lab, dir)).files) {
          await mkdir(dirname(join(base, path)), { recursive: true });
          await writeFile(join(base, path), content);
        }
        projects.push(join(base, 'tsconfig.json'));
      }
    }
    // One tsc run over every variant: a solution-style tsconfig that references each project.
    const tsconfig = JSON.parse(await readFile(projects[0]!, 'utf8'));
    await writeFile(
      join(root, 'tsconfig.json'),
      JSON.stringify({ ...tsconfig, include: projects.map((p) => join(dirname(p), 'src', '**', '*.ts')) }),
    );
    const tsc = join(projectNodeModules, 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { encoding: 'utf8' });
    assert.equal(result.status, 0, `type errors:\n${result.stdout.replaceAll(`${root}/`, '')}`);
    assert.ok(projects.length >= 3);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
