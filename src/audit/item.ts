/**
 * @module
 * What an audit item is: like a lab's check, a plain async function that judges the service by its
 * answers (and fails with expected vs observed), but against a service someone else started, so it
 * controls no process and may only send requests — within the audit's budget.
 */
import type { HttpOutcome, RawSocket } from '../engine/harness.ts';

export interface AuditPaths {
  livez: string;
  readyz: string;
  metrics: string;
  /** A route of the service (for headers, CORS, request ids, the rate limit): `/` unless told. */
  route: string;
  /** A route that takes a JSON POST (for malformed bodies); `route` unless told. */
  post?: string;
  /** A route that takes longer than the service's request timeout, when the user names one. */
  slow?: string;
}

export interface AuditRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

/**
 * How items reach the service: the CLI's polite HTTP client (client.ts), or a lab's harness when lab 10's
 * checks run the same items against a learner's service. Raw connections are the harness's RawSocket.
 */
export interface AuditTransport {
  readonly target: { base: string; hostname: string; port: number; protocol: 'http:' | 'https:' };
  /** Requests the audit may still send. */
  readonly remaining: number;
  request(path: string, options?: AuditRequest): Promise<HttpOutcome>;
  /** A connection that sends only what the item writes. */
  openRawConnection(): Promise<RawSocket>;
}

export interface AuditContext {
  client: AuditTransport;
  paths: AuditPaths;
  /** Names what the item is doing now, so a timeout can say where it stopped. */
  step(description: string): void;
  measure(name: string, value: number): void;
  sleep(ms: number): Promise<void>;
  /** A token no service has seen before, for paths and ids that must be recognised later. */
  token(): string;
  /** " (pass --metrics if …)": how the user points the audit elsewhere, where they can (the CLI, not a lab). */
  elsewhere(option: string): string;
}

/** The lesson that teaches an item, and the section to read. */
export interface LessonLink {
  lesson: string;
  title: string;
  section?: string;
}

export interface AuditItem {
  /** Stable id, `area.what-it-proves`, as lab checks' ids. */
  id: string;
  title: string;
  teachesIt: LessonLink;
  timeoutMs?: number;
  run(context: AuditContext): Promise<void>;
}

/**
 * The item cannot be decided from outside the service: reported as not verified, with what a reviewer
 * looks at instead. Never a pass, never a fail.
 */
export class NotVerifiable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotVerifiable';
  }
}

export const defineItem = (item: AuditItem): AuditItem => item;

export const LESSONS = {
  health: { lesson: '04-health', title: 'Health and readiness' },
  metrics: { lesson: '05-metrics', title: 'Metrics' },
  tracing: { lesson: '06-tracing', title: 'Distributed tracing' },
  rateLimiting: { lesson: '07-rate-limiting', title: 'Rate limiting' },
  checklist: { lesson: '10-readiness-checklist', title: 'The readiness checklist' },
} as const satisfies Record<string, LessonLink>;
