// sample: section "A schema with zod 4" — the environment of another service, a mail sender
import { z } from 'zod';

/** Required variables have no default; zod reports a missing one as "expected string, received undefined". */
const required = { error: (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : undefined) };

export const mailerEnvironment = z.object({
  // An enum with a default: anything else is an error, not a silent fallback.
  MAIL_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // Environment variables are strings: coerce, then check the number you got.
  MAX_RECIPIENTS: z.coerce.number().int().min(1).max(500).default(50),
  // z.coerce.boolean() would turn "false" into true; stringbool knows true/false, 1/0, yes/no, on/off.
  DRY_RUN: z.stringbool().default(false),
  // A URL with the right scheme and a host: "localhost:25" and "smtp//mail" are refused.
  SMTP_URL: z.url({ protocol: /^smtps?$/, hostname: /./, ...required }),
  MAIL_FROM: z.email(required),
  // A credential: required, with a floor on its length, and no default anywhere.
  SMTP_PASSWORD: z.string(required).min(16, 'must be at least 16 characters long'),
});

export type MailerEnvironment = z.infer<typeof mailerEnvironment>;
