// sample: section "Behind a proxy" — a key any client chooses (don't copy it)
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

export function clientAddress(c: Context): string {
  // The first entry is whatever the client wrote: a new one per request, a new "client" per request.
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || (getConnInfo(c).remote.address ?? 'unknown');
}
