// sample: section "A schema with zod 4" — from validated variables to the object the code receives
import { mailerEnvironment } from './mailer-schema.ts';
import { withoutEmpty } from './without-empty.ts';

export interface MailerConfig {
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  readonly maxRecipients: number;
  readonly dryRun: boolean;
  readonly smtpUrl: string;
  readonly from: string;
  readonly smtpPassword: string;
}

/** Parses once; the caller decides what to do with a failure (see "Say what is wrong, not what it was"). */
export function parseMailerConfig(env: NodeJS.ProcessEnv) {
  const result = mailerEnvironment.safeParse(withoutEmpty(env));
  if (!result.success) return result;
  const e = result.data;
  // Names the code likes, decoupled from the variables' names; frozen, so nothing edits it later.
  const config: MailerConfig = Object.freeze({
    logLevel: e.MAIL_LOG_LEVEL,
    maxRecipients: e.MAX_RECIPIENTS,
    dryRun: e.DRY_RUN,
    smtpUrl: e.SMTP_URL,
    from: e.MAIL_FROM,
    smtpPassword: e.SMTP_PASSWORD,
  });
  return { success: true as const, config };
}
