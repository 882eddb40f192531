// sample: section "One schema, validated once" — two of the lab's five sections
import { z } from 'zod';
import { integer } from './env-number.ts';

export const configSchema = z.strictObject({
  server: z.strictObject({
    port: integer(1, 65_535),
    host: z.string().min(1),
  }),
  db: z.strictObject({
    url: z.url({ protocol: /^postgres(ql)?$/ }),
    poolSize: integer(1, 100),
  }),
  // log, features and auth follow the same pattern
});

/** The type is derived from the schema, so the two cannot drift apart. */
export type Config = z.infer<typeof configSchema>;
