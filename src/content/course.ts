/**
 * @module
 * The course as the pages show it: lessons in path order with their time budgets, the path's groups,
 * and a ready lesson's neighbours. Reads the lessons collection; pages only format.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { lessonGroups } from './lesson-schema.ts';
import { lessonTime, sumTimes, type LessonTime } from './reading-time.ts';

export interface CourseLesson {
  entry: CollectionEntry<'lessons'>;
  /** "03", as the map and the page label lessons. */
  label: string;
  /** The lesson page, for ready lessons only: the others have none yet. */
  href: string | undefined;
  time: LessonTime;
}

export interface CourseGroup {
  key: keyof typeof lessonGroups;
  title: string;
  lessons: CourseLesson[];
  time: LessonTime;
}

/** Every lesson along the suggested path. */
export async function courseLessons(): Promise<CourseLesson[]> {
  const entries = (await getCollection('lessons')).sort((a, b) => a.data.number - b.data.number);
  return entries.map((entry) => ({
    entry,
    label: String(entry.data.number).padStart(2, '0'),
    href: entry.data.status === 'ready' ? `/lessons/${entry.id}/` : undefined,
    time: lessonTime(entry.data, entry.body),
  }));
}

/** The path's groups, each with its lessons and their summed time. */
export function courseGroups(lessons: CourseLesson[]): CourseGroup[] {
  return (Object.keys(lessonGroups) as CourseGroup['key'][]).map((key) => {
    const inGroup = lessons.filter((lesson) => lesson.entry.data.group === key);
    return { key, title: lessonGroups[key], lessons: inGroup, time: sumTimes(inGroup.map((lesson) => lesson.time)) };
  });
}

/** The ready lessons before and after a lesson on the path: a learner can only go where a page is. */
export function readyNeighbours(lessons: CourseLesson[], id: string): { previous?: CourseLesson; next?: CourseLesson } {
  const ready = lessons.filter((lesson) => lesson.href);
  const at = ready.findIndex((lesson) => lesson.entry.id === id);
  if (at < 0) return {};
  return { previous: ready[at - 1], next: ready[at + 1] };
}
