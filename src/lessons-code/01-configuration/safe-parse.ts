// sample: section "One schema, validated once" — validate the merged layers, once
import { z } from 'zod';
import { configSchema } from './schema.ts';

declare const merged: unknown; // the deep-merged layers

const result = configSchema.safeParse(merged);
if (!result.success) {
  // Every issue zod found, one after the other, each with its path.
  console.error(z.prettifyError(result.error));
  process.exit(1);
}
export const config = result.data; // typed: config.db.poolSize is a number
