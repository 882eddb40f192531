// sample: section "Who is the client?" — the key: the socket's address, or what a trusted proxy saw
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * The address to count a request against. Without a proxy we trust, the TCP peer: the one address
 * a client cannot choose, since the kernel completed a handshake with it. Behind one trusted proxy,
 * the last X-Forwarded-For entry, which that proxy appended; entries to its left came from the client.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  const peer = getConnInfo(c).remote.address ?? 'unknown';
  if (!trustProxy) return peer;
  const appendedByProxy = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
  return appendedByProxy || peer;
}
