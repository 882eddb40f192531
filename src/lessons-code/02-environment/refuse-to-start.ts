// sample: section "Say what is wrong, not what it was" — one report, every variable, no value
import { z } from 'zod';
import { log } from './log.ts';

export function refuseToStart(error: z.ZodError): never {
  // The names, for the log pipeline and for alerts: the first segment of each issue's path.
  const variables = [...new Set(error.issues.map((issue) => String(issue.path[0])))];
  log.error('invalid environment: not starting', { variables });
  // The detail, for the person reading a crash loop. zod leaves the input out of its issues unless
  // asked to (reportInput), so this holds rules and names, never values.
  process.stderr.write(`Invalid environment:\n${z.prettifyError(error)}\n`);
  process.exit(1);
}
