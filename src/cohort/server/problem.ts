/**
 * @module
 * Errors of the submission API as RFC 9457 problem details: a title that names the problem and a detail
 * that says what to do about it.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export function problem(c: Context, status: ContentfulStatusCode, title: string, detail: string, extra: Record<string, unknown> = {}) {
  return c.body(JSON.stringify({ type: 'about:blank', status, title, detail, ...extra }), status, { 'content-type': 'application/problem+json' });
}
