/**
 * @module
 * The lessons collection: one MDX file a lesson under src/content/lessons/, frontmatter validated by
 * lessonSchema (src/content/lesson-schema.ts).
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema } from './content/lesson-schema.ts';

const lessons = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './src/content/lessons' }),
  schema: lessonSchema,
});

export const collections = { lessons };
