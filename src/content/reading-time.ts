/**
 * @module
 * Reading time of a lesson from its words, and the time budget of a lesson and of the course.
 */
import type { LessonFrontmatter } from './lesson-schema.ts';

/** Technical prose with commands and code reads slower than the 200–250 words a minute of general text. */
export const WORDS_PER_MINUTE = 180;

/**
 * Words a reader meets in an MDX body: prose and code blocks, without `import` lines, JSX tags or
 * Markdown punctuation.
 * @example countWords('import x from "y";\n\n## Why\n\nStop <em>now</em>.') // 3
 */
export function countWords(mdxBody: string): number {
  const text = mdxBody
    .replace(/^import\s.*$/gm, ' ')
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ')
    .replace(/[#*_`>|[\]()-]+/g, ' ');
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** Whole minutes to read `words`, at least one. */
export function readingMinutes(words: number): number {
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}

export interface LessonTime {
  reading: number;
  handsOn: number;
  exercises: number;
  total: number;
}

/** A lesson's budget: a ready lesson's reading from its words, a planned one's from its estimate. */
export function lessonTime(data: Pick<LessonFrontmatter, 'time' | 'status'>, body: string | undefined): LessonTime {
  const reading = data.status === 'ready' || data.time.reading === undefined ? readingMinutes(countWords(body ?? '')) : data.time.reading;
  const { handsOn, exercises } = data.time;
  return { reading, handsOn, exercises, total: reading + handsOn + exercises };
}

/** The sum of several budgets. */
export function sumTimes(times: LessonTime[]): LessonTime {
  const sum = (key: keyof LessonTime) => times.reduce((total, time) => total + time[key], 0);
  return { reading: sum('reading'), handsOn: sum('handsOn'), exercises: sum('exercises'), total: sum('total') };
}

/**
 * Minutes as a reader says them: "45 min", "1 h 20 min"; from five hours on, whole hours ("14 h"),
 * since nobody plans a course to the minute.
 * @example formatMinutes(80) // "1 h 20 min"
 */
export function formatMinutes(total: number): string {
  if (total < 60) return `${total} min`;
  if (total >= 300) return `${Math.round(total / 60)} h`;
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}
