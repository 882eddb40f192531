/**
 * The course's time budget: reading time from a lesson's words, each lesson's split, the course's
 * total against the plan (about 14 h: 7 reading, 5 hands-on, 2 exercises), and how the map says it.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { lessonSchema } from '../../src/content/lesson-schema.ts';
import { countWords, formatMinutes, lessonTime, readingMinutes, sumTimes, WORDS_PER_MINUTE } from '../../src/content/reading-time.ts';
import { projectRoot } from '../../src/engine/node/project-paths.ts';
import { describeTable } from '../../src/build/scroll-tables.ts';
import type { Element } from 'hast';

const lessonsDir = join(projectRoot, 'src', 'content', 'lessons');

test('words are counted in prose and code, not in imports, JSX tags or Markdown marks', () => {
  const body = [
    "import Sample from '../../components/Sample.astro';",
    '',
    '## Why deploys drop requests',
    '',
    'A **rolling** deploy stops `one` instance.',
    '<Sample code={naiveExit} title="src/server.ts" />',
    '| Signal | Number |',
    '| --- | --- |',
  ].join('\n');
  assert.equal(countWords(body), 4 + 6 + 2);
});

test('reading time is the words at the pace of technical prose, at least a minute', () => {
  assert.equal(readingMinutes(WORDS_PER_MINUTE * 30), 30);
  assert.equal(readingMinutes(3), 1);
});

test('a ready lesson reads as long as its words; a planned one as its estimate', () => {
  const words = Array.from({ length: WORDS_PER_MINUTE * 20 }, () => 'word').join(' ');
  assert.deepEqual(lessonTime({ status: 'ready', time: { handsOn: 30, exercises: 10 } }, words), { reading: 20, handsOn: 30, exercises: 10, total: 60 });
  assert.deepEqual(lessonTime({ status: 'in-preparation', time: { reading: 45, handsOn: 30, exercises: 10 } }, 'short'), {
    reading: 45,
    handsOn: 30,
    exercises: 10,
    total: 85,
  });
});

test('the schema takes a reading estimate only for a lesson in preparation', () => {
  const lesson = { number: 5, title: 'Metrics', summary: 'RED and USE metrics in Prometheus format.', group: 'observability', objectives: ['Measure'] };
  assert.ok(lessonSchema.safeParse({ ...lesson, status: 'in-preparation', time: { reading: 40, handsOn: 30, exercises: 10 } }).success);
  assert.ok(lessonSchema.safeParse({ ...lesson, status: 'in-preparation', time: { handsOn: 30, exercises: 10 } }).success);
  assert.ok(!lessonSchema.safeParse({ ...lesson, status: 'ready', lab: '05-metrics', time: { reading: 40, handsOn: 30, exercises: 10 } }).success);
});

test('the ten lessons add up to the planned course: about 14 h, 7 reading, 5 hands-on, 2 exercises', async () => {
  const times = await Promise.all(
    (await readdir(lessonsDir)).map(async (name) => {
      const [, frontmatter = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(await readFile(join(lessonsDir, name), 'utf8')) ?? [];
      return lessonTime(lessonSchema.parse(parse(frontmatter)), body);
    }),
  );
  const course = sumTimes(times);
  assert.equal(course.handsOn, 5 * 60);
  assert.equal(course.exercises, 2 * 60);
  assert.ok(course.reading >= 6 * 60 && course.reading <= 8 * 60, `reading adds up to ${course.reading} min`);
  assert.ok(Math.abs(course.total - 14 * 60) <= 60, `the course adds up to ${formatMinutes(course.total)}`);
});

test('minutes read as a person says them', () => {
  assert.equal(formatMinutes(45), '45 min');
  assert.equal(formatMinutes(60), '1 h');
  assert.equal(formatMinutes(80), '1 h 20 min');
  assert.equal(formatMinutes(819), '14 h');
});

test('a table is named by its first row, for the scrolling box around it', () => {
  const cell = (tagName: string, value: string): Element => ({ type: 'element', tagName, properties: {}, children: [{ type: 'text', value }] });
  const row = (...cells: Element[]): Element => ({ type: 'element', tagName: 'tr', properties: {}, children: cells });
  const table: Element = {
    type: 'element',
    tagName: 'table',
    properties: {},
    children: [
      { type: 'element', tagName: 'thead', properties: {}, children: [row(cell('th', 'Signal'), cell('th', ' Number '))] },
      { type: 'element', tagName: 'tbody', properties: {}, children: [row(cell('td', 'SIGTERM'), cell('td', '15'))] },
    ],
  };
  assert.equal(describeTable(table), 'Table: Signal, Number');
  assert.equal(describeTable({ type: 'element', tagName: 'table', properties: {}, children: [] }), 'Table');
});
