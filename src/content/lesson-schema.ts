/**
 * @module
 * The frontmatter of a lesson: what the course map shows and what the lesson page needs. The schema is
 * the documentation; src/content.config.ts hands it to Astro's content collection.
 */
import { z } from 'zod';

export const lessonGroups = {
  baseline: 'The operational baseline',
  observability: 'Observability',
  protection: 'Protection under load',
  capstone: 'Putting it together',
} as const;

export const lessonSchema = z
  .object({
    number: z.number().int().min(1).max(10).describe('Position on the suggested path'),
    title: z.string().min(3),
    summary: z.string().min(20).describe('One or two sentences for the course map'),
    group: z.enum(Object.keys(lessonGroups) as [keyof typeof lessonGroups, ...(keyof typeof lessonGroups)[]]),
    objectives: z.array(z.string()).min(1).describe('What the learner can do after the lesson'),
    minutes: z.number().int().positive().describe('Time to read the lesson and solve its lab'),
    lab: z.string().regex(/^\d\d-[a-z0-9-]+$/).optional().describe('Id of the lab under labs/'),
    status: z.enum(['ready', 'in-preparation']).describe('In-preparation lessons are listed, never linked'),
  })
  .strict();

export type LessonFrontmatter = z.infer<typeof lessonSchema>;
