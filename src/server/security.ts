/**
 * @module
 * The local runtime executes code, so only the site's own pages may drive it:
 * - every request must name this server in `Host` (a DNS-rebinding page names its own domain);
 * - API requests must come from the site's origin (`Origin`, `Sec-Fetch-Site`) and carry the
 *   per-start secret, which only the site's own HTML receives.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

export const SECRET_HEADER = 'x-operable-secret';

export function createSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The Host values this server answers to, for the port it listens on. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);
}

export function rejectForeignHost(hosts: Set<string>): MiddlewareHandler {
  return async function rejectForeignHost(c, next) {
    const host = c.req.header('host') ?? '';
    if (!hosts.has(host)) return c.text(`This server answers only to ${[...hosts][0]}.`, 403);
    await next();
  };
}

export function requireSiteOrigin(hosts: Set<string>, secret: string): MiddlewareHandler {
  const expected = Buffer.from(secret);
  return async function requireSiteOrigin(c, next) {
    const origin = c.req.header('origin');
    if (origin !== undefined && !hosts.has(origin.replace(/^http:\/\//, ''))) {
      return c.json({ error: 'Requests from other sites are refused.' }, 403);
    }
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin') {
      return c.json({ error: 'Requests from other sites are refused.' }, 403);
    }
    const given = Buffer.from(c.req.header(SECRET_HEADER) ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return c.json({ error: 'Missing or wrong runtime secret: reload the page served by this server.' }, 401);
    }
    await next();
  };
}
