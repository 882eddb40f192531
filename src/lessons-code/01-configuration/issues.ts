// sample: section "Report every problem at once" — one line per issue, path first
import type { z } from 'zod';

export function problemLines(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

// db.poolSize: Too small: expected number to be >=1
// log.level: Invalid option: expected one of "debug"|"info"|"warn"|"error"
// features.signup: Invalid input: expected boolean, received string
