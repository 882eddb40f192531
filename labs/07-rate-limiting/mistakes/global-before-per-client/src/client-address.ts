/**
 * @module
 * Who the client is, for rate limiting. By default the address at the other end of the TCP
 * connection: the one thing a client cannot choose. X-Forwarded-For is a header like any other, and
 * anyone can write anything in it; it means something only when a proxy the service trusts
 * (TRUST_PROXY=true) stands in front of it, and then only its last entry, the address the proxy
 * itself saw and appended. Entries before it came from the client.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The client's address: the socket's peer, or behind a trusted proxy the last X-Forwarded-For entry. */
export function clientAddress(c: Context, trustProxy: boolean): string {
  const peer = getConnInfo(c).remote.address ?? 'unknown';
  if (!trustProxy) return peer;
  // Several X-Forwarded-For headers arrive joined by ", ": the last entry is still the proxy's.
  const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
  return forwarded || peer;
}
