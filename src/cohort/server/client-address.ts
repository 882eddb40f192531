/**
 * @module
 * Who the client is, for rate limits and logs: the socket's address, or behind a trusted TLS-terminating
 * proxy the last X-Forwarded-For entry (the one the proxy added; earlier ones are the client's to forge).
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { CohortEnv } from './env.ts';

export function clientAddress(c: Context<CohortEnv>): string {
  if (c.get('options').trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // not served by Node's HTTP server (a test calling app.request)
  }
}
