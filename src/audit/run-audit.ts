/**
 * @module
 * Runs the audit: checks the service answers at all, then every item in turn (one at a time: an audit
 * is traffic to someone's service, and the burst must not blur the other items), each under its own
 * timeout. The report has the shape of a lab's, so the CLI, `--json` and the HTML report share it.
 */
import { randomBytes } from 'node:crypto';
import { CheckFailure } from '../engine/check.ts';
import type { CheckResult, LabReport } from '../engine/report.ts';
import { summarise } from '../engine/report.ts';
import { AuditClient, BudgetExhausted, type PoliteOptions } from './client.ts';
import { type AuditContext, type AuditItem, type AuditPaths, type LessonLink, NotVerifiable } from './item.ts';
import { auditItems } from './items/index.ts';
import { DEFAULT_SLOW_CLIENT_LIMIT_MS } from './items/timeouts.ts';
import type { AuditTarget } from './target.ts';

export interface AuditOptions extends PoliteOptions {
  paths: AuditPaths;
  burst: number;
  slowClientLimitMs: number;
  /** Where lesson links point: the course this audit comes with. */
  courseUrl: string;
  /** Only these item ids (all when empty). */
  only?: readonly string[];
  /** Stops the audit between items (the page that asked for it went away). */
  signal?: AbortSignal;
}

export const DEFAULT_AUDIT_OPTIONS: AuditOptions = {
  rate: 50,
  maxRequests: 400,
  burst: 150,
  slowClientLimitMs: DEFAULT_SLOW_CLIENT_LIMIT_MS,
  courseUrl: 'http://localhost:4321',
  paths: { livez: '/livez', readyz: '/readyz', metrics: '/metrics', route: '/' },
};

export interface AuditReport extends LabReport {
  target: string;
  requestsSent: number;
}

/** The service cannot be audited at all (nothing answers, TLS refused): exit 2, not a report. */
export class AuditUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditUnreachable';
  }
}

export function lessonHint(link: LessonLink, courseUrl: string): string {
  return `Lesson ${link.lesson.slice(0, 2)}, ${link.title}: ${courseUrl}/lessons/${link.lesson}/${link.section ? `#${link.section}` : ''}`;
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/;

/** One request before the items: a clear message for a URL that leads nowhere. */
async function assertReachable(client: AuditClient, paths: AuditPaths): Promise<void> {
  const outcome = await client.request(paths.livez, { timeoutMs: 5000 });
  const base = client.target.base;
  if (outcome.kind === 'response') {
    const location = outcome.status >= 300 && outcome.status < 400 ? outcome.headers.location : undefined;
    // Another scheme, host or port (http → https, a login page): the audit would judge that service, not this one.
    if (location && new URL(location, client.url(paths.livez)).origin !== new URL(base).origin) {
      throw new AuditUnreachable(`${client.url(paths.livez)} redirects (HTTP ${outcome.status}) to ${new URL(location, client.url(paths.livez)).href}: audit that address directly, or the service's own port behind the redirect.`);
    }
    return;
  }
  if (TLS_CODES.test(outcome.code)) {
    throw new AuditUnreachable(`${base} refused the TLS handshake or its certificate is not trusted (${outcome.code}: ${outcome.message}). For a certificate of your own CA, set NODE_EXTRA_CA_CERTS=<ca.pem>; or audit the service's plain-HTTP port on loopback.`);
  }
  if (outcome.code === 'ECONNREFUSED') throw new AuditUnreachable(`Nothing listens at ${base} (connection refused). Is the service running, on that port?`);
  if (outcome.code === 'TIMEOUT') throw new AuditUnreachable(`${base} accepted no request within 5 s. Is the service stuck, or is that the right port?`);
  throw new AuditUnreachable(`${base} could not be reached: ${outcome.message} (${outcome.code}).`);
}

async function runItem(item: AuditItem, context: Omit<AuditContext, 'step' | 'measure'>, courseUrl: string): Promise<CheckResult> {
  const started = performance.now();
  const measurements: Record<string, number> = {};
  let step = 'starting';
  const timeoutMs = item.timeoutMs ?? 15_000;
  const result = (passed: boolean, message: string, skipped?: string): CheckResult => ({
    id: item.id,
    title: item.title,
    points: 1,
    passed,
    message,
    hint: lessonHint(item.teachesIt, courseUrl),
    measurements,
    durationMs: Math.round(performance.now() - started),
    ...(skipped === undefined ? {} : { skipped }),
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      item.run({ ...context, step: (description) => (step = description), measure: (name, value) => (measurements[name] = value) }),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms while: ${step}`)), timeoutMs))),
    ]);
    return result(true, '');
  } catch (error) {
    if (error instanceof CheckFailure) return result(false, error.message);
    if (error instanceof NotVerifiable || error instanceof BudgetExhausted) return result(false, '', error.message);
    return result(false, `Expected the item to finish.\nObserved it ${(error as Error).message}.`);
  } finally {
    clearTimeout(timer);
  }
}

/** Audits the service at `target`; `onResult` hears each item as it finishes (the Audit page streams them). */
export async function runAudit(target: AuditTarget, options: AuditOptions = DEFAULT_AUDIT_OPTIONS, onResult?: (result: CheckResult) => void): Promise<AuditReport> {
  const started = performance.now();
  const client = new AuditClient(target, options);
  await assertReachable(client, options.paths);
  const context = {
    client,
    paths: options.paths,
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    token: () => randomBytes(8).toString('hex'),
    elsewhere: (option: string) => ` (${option} <path> if it is elsewhere)`,
  };
  const items = auditItems(options).filter((item) => !options.only?.length || options.only.includes(item.id));
  const results: CheckResult[] = [];
  for (const item of items) {
    if (options.signal?.aborted) break;
    const outcome = await runItem(item, context, options.courseUrl);
    results.push(outcome);
    onResult?.(outcome);
  }
  const report = summarise({ id: 'audit', title: `Audit of ${target.base}` }, results, performance.now() - started);
  // An item that cannot be seen from outside is not a finding: the audit passes when no item failed.
  const passed = results.every((result) => result.passed || result.skipped !== undefined);
  return { ...report, passed, target: target.base, requestsSent: client.sent };
}
