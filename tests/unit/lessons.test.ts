/**
 * Lessons: valid frontmatter for all ten, and every TypeScript sample a lesson shows comes from a
 * file under src/lessons-code/, which `npm run typecheck` compiles. An inline ```ts block would
 * escape that, so there must be none. A lesson with a lab states the lab's contract once, in a section
 * that names every check, links to it instead of restating it, and shows at least one diagram; every
 * check's hint names a section the lesson has.
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

/** A lab's lesson, with its headings (Markdown syntax stripped) and the text of one section. */
async function labLessons() {
  const all = await lessons();
  return labs.map((lab) => {
    const lesson = all.find(({ name }) => name === `${lab.manifest.id}.mdx`);
    assert.ok(lesson, `lab ${lab.manifest.id} has no lesson named after it`);
    const headings = [...lesson.body.matchAll(/^(#{2,3}) (.+)$/gm)].map((match) => ({
      level: match[1]!.length,
      text: match[2]!.replace(/`/g, '').trim(),
      index: match.index,
    }));
    /** From the heading to the next heading of the same level or higher. */
    const section = (title: string) => {
      const start = headings.findIndex((heading) => heading.text === title);
      if (start < 0) return undefined;
      const end = headings.slice(start + 1).find((heading) => heading.level <= headings[start]!.level);
      return lesson.body.slice(headings[start]!.index, end?.index);
    };
    return { lab, ...lesson, headings, section };
  });
}

test('a lab lesson says its contract once, naming every check, and links to it', async () => {
  for (const { name, lab, body, headings, section } of await labLessons()) {
    assert.equal(headings.filter((heading) => heading.text === 'The contract').length, 1, `${name} needs one section "The contract"`);
    const contract = section('The contract')!;
    for (const check of lab.checks) assert.ok(contract.includes(`\`${check.id}\``), `${name}: the contract does not name ${check.id}`);
    const links = body.match(/\]\(#the-contract\)/g) ?? [];
    assert.ok(links.length >= 3, `${name} links to its contract ${links.length} times: link from the sections that used to restate it`);
    assert.doesNotMatch(body, /^## The whole sequence\n[\s\S]*?^\| When \|/m, `${name} restates the contract as a table in "The whole sequence"`);
  }
});

test("every check's hint names a section of its lesson", async () => {
  for (const { name, lab, headings } of await labLessons()) {
    for (const check of lab.checks) {
      const section = /"([^"]+)"/.exec(check.hint)?.[1];
      assert.ok(section && headings.some((heading) => heading.text === section), `${check.id}'s hint points to "${section}", which ${name} lacks`);
    }
  }
});

test('a lab lesson shows at least one diagram', async () => {
  for (const { name, body } of await labLessons()) {
    const diagrams = [...body.matchAll(/^import (\w+) from '\.\.\/\.\.\/components\/diagrams\/\w+\.astro';$/gm)].map(([, component]) => component!);
    assert.ok(diagrams.some((component) => new RegExp(`^<${component} />$`, 'm').test(body)), `${name} shows no diagram from src/components/diagrams/`);
  }
});
