/**
 * Lessons: valid frontmatter for all ten, and every TypeScript sample a lesson shows comes from a
 * file under src/lessons-code/, which `npm run typecheck` compiles. An inline ```ts block would
 * escape that, so there must be none.
 */
import assert from 'node:assert/strict';
import { access, readdir, readFile } from 'node:fs/promises';
import { join, resolve, dirname } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { labs } from '../../labs/index.ts';
import { lessonSchema } from '../../src/content/lesson-schema.ts';
import { projectRoot } from '../../src/engine/node/project-paths.ts';

const lessonsDir = join(projectRoot, 'src', 'content', 'lessons');

async function lessons() {
  const files = (await readdir(lessonsDir)).filter((name) => name.endsWith('.mdx')).sort();
  return Promise.all(
    files.map(async (name) => {
      const source = await readFile(join(lessonsDir, name), 'utf8');
      const [, frontmatter = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(source) ?? [];
      return { name, frontmatter, body };
    }),
  );
}

test('ten lessons, numbered 1 to 10, each with valid frontmatter', async () => {
  const all = await lessons();
  assert.equal(all.length, 10);
  const numbers = all.map(({ name, frontmatter }) => {
    const data = lessonSchema.parse(parse(frontmatter));
    assert.ok(name.startsWith(String(data.number).padStart(2, '0')), `${name} has number ${data.number}`);
    if (data.lab) assert.ok(labs.some((lab) => lab.manifest.id === data.lab), `${name} names unknown lab ${data.lab}`);
    if (data.status === 'ready') assert.ok(data.lab, `${name} is ready but has no lab`);
    return data.number;
  });
  assert.deepEqual(numbers, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
});

test('every lab has a ready lesson', async () => {
  const ready = (await lessons()).map(({ frontmatter }) => lessonSchema.parse(parse(frontmatter))).filter((d) => d.status === 'ready');
  for (const lab of labs) assert.ok(ready.some((lesson) => lesson.lab === lab.manifest.id), `lab ${lab.manifest.id} has no ready lesson`);
});

test('TypeScript samples come from type-checked files, never inline', async () => {
  for (const { name, body } of await lessons()) {
    assert.doesNotMatch(body, /^```(ts|typescript|js|javascript)\b/m, `${name} has an inline TypeScript block: move it to src/lessons-code/`);
    for (const [, path] of body.matchAll(/from '([^']+)\?raw'/g)) {
      const file = resolve(dirname(join(lessonsDir, name)), path!);
      assert.ok(file.startsWith(join(projectRoot, 'src', 'lessons-code')), `${name} imports a sample outside src/lessons-code: ${path}`);
      await access(file).catch(() => assert.fail(`${name} imports ${path}, which does not exist`));
    }
  }
});
