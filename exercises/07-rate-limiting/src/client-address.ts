/**
 * @module
 * Who the client is, for rate limiting: this is your work in lab 07.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * TODO(lab 07): the address at the other end of the connection, for now. Behind a proxy every client
 * has the proxy's address; the lesson's lab brief says when X-Forwarded-For may say who the client is.
 */
export function clientAddress(c: Context, _trustProxy: boolean): string {
  return getConnInfo(c).remote.address ?? 'unknown';
}
