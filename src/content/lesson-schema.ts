/**
 * @module
 * The frontmatter of a lesson: what the course map shows and what the lesson page needs. The schema is
 * the documentation; src/content.config.ts hands it to Astro's content collection.
 */
import { z } from 'zod';

/** The suggested path's sections, in order: three groups of lessons, then the checklist that ties them. */
export const lessonGroups = {
  baseline: 'The operational baseline',
  observability: 'Observability',
  protection: 'Protection under load',
  capstone: 'Putting it together',
} as const;

const minutes = z.number().int().positive();

export const lessonSchema = z
  .object({
    number: z.number().int().min(1).max(10).describe('Position on the suggested path'),
    title: z.string().min(3),
    summary: z.string().min(20).describe('One or two sentences for the course map'),
    group: z.enum(Object.keys(lessonGroups) as [keyof typeof lessonGroups, ...(keyof typeof lessonGroups)[]]),
    objectives: z.array(z.string()).min(1).describe('What the learner can do after the lesson'),
    time: z
      .object({
        reading: minutes
          .optional()
          .describe('Minutes to read, estimated while the lesson is in preparation; without it, or once ready, its words decide (reading-time.ts)'),
        handsOn: minutes.describe('Minutes in the lab: run the service, poke at it, make the checks pass'),
        exercises: minutes.describe('Minutes for the experiments the lesson asks you to reproduce by hand'),
      })
      .strict()
      .describe('The time budget the course map adds up (the course plans about 7 h reading, 5 h hands-on, 2 h exercises)'),
    buildsOn: z
      .array(z.number().int().min(1).max(10))
      .default([])
      .describe('Lessons whose ideas this one uses; every lesson still stands alone'),
    lab: z.string().regex(/^\d\d-[a-z0-9-]+$/).optional().describe('Id of the lab under labs/'),
    status: z.enum(['ready', 'in-preparation']).describe('In-preparation lessons are listed, never linked'),
  })
  .strict()
  .refine((lesson) => lesson.status !== 'ready' || lesson.time.reading === undefined, {
    message: 'time.reading is an estimate for a lesson in preparation only: a ready lesson’s reading time comes from its words',
    path: ['time', 'reading'],
  });

export type LessonFrontmatter = z.infer<typeof lessonSchema>;
