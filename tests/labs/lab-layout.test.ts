/**
 * Every lab is complete: manifest, starter and reference with its editable files, mistakes that name
 * real checks, and checks whose ids, titles and hints follow the course's conventions.
 */
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { labs } from '../../labs/index.ts';
import { listMistakes } from '../../src/engine/node/mistakes.ts';
import { labFolders } from '../../src/engine/node/project-paths.ts';
import { listFiles, readFolder } from '../../src/engine/node/read-folder.ts';

for (const lab of labs) {
  const { id, editableFiles, entry } = lab.manifest;
  const folders = labFolders(id);

  test(`${id}: starter and reference hold the entry and every editable file`, async () => {
    for (const folder of [folders.starter, folders.solution]) {
      for (const file of [entry, 'package.json', 'tsconfig.json', ...editableFiles]) {
        await access(join(folder, file)).catch(() => assert.fail(`${folder} lacks ${file}`));
      }
    }
  });

  test(`${id}: the reference changes only editable files; the rest is the starter's, byte for byte`, async () => {
    const starter = await readFolder(folders.starter);
    const solution = await readFolder(folders.solution);
    assert.deepEqual([...solution.keys()].sort(), [...starter.keys()].sort(), 'starter and reference hold different files');
    for (const [path, content] of starter) {
      if (!editableFiles.includes(path)) assert.equal(solution.get(path), content, `${path} differs between starter and reference`);
    }
    assert.ok(editableFiles.some((path) => solution.get(path) !== starter.get(path)), 'the reference is the starter');
  });

  test(`${id}: checks have stable ids, points, and hints into lesson ${id.slice(0, 2)}`, () => {
    assert.ok(lab.checks.length > 0);
    for (const check of lab.checks) {
      assert.match(check.id, /^[a-z]+\.[a-z0-9-]+$/, `check id ${check.id}`);
      assert.ok(check.points > 0, `${check.id} has no points`);
      assert.ok(check.title.length > 10, `${check.id} needs a title a learner understands`);
      assert.match(check.hint, new RegExp(`^Lesson ${id.slice(0, 2)}, "[^"]+"`), `${check.id} hint must point into the lesson`);
    }
  });

  test(`${id}: every mistake holds only editable files and names a check`, async () => {
    for (const mistake of await listMistakes(lab)) {
      assert.ok(mistake.description.length > 10);
      const files = (await listFiles(mistake.dir)).filter((file) => file !== 'mistake.json');
      for (const file of files) assert.ok(editableFiles.includes(file), `${mistake.slug}/${file} is not editable in ${id}`);
      assert.ok(files.length > 0, `${mistake.slug} changes nothing`);
    }
  });
}
