/**
 * @module
 * Error answers as RFC 9457 problem details (`application/problem+json`): a body every client can
 * read the same way, whatever the error.
 */
import type { Context } from 'hono';

/** The error statuses this service answers with. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 429 | 500 | 502 | 503 | 504;

export interface Problem {
  /** A short, human-readable summary of the kind of problem, e.g. "Too Many Requests". */
  title: string;
  /** What happened to this request, and what the client can do. */
  detail?: string;
}

/** Answers `status` with a problem+json body; headers already set on `c` (Retry-After) are kept. */
export function problem(c: Context, status: ErrorStatus, { title, detail }: Problem): Response {
  const body = { type: 'about:blank', title, status, ...(detail === undefined ? {} : { detail }) };
  return c.body(JSON.stringify(body), status, { 'Content-Type': 'application/problem+json' });
}
