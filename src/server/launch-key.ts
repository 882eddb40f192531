/**
 * @module
 * The launch key: what tells the learner's browser apart from the learner's own services. Both talk
 * to this server over loopback, and a service can fetch any page, so a page alone cannot carry the
 * runtime secret to "the site's own pages" only. `npm start` prints a link with a key that nothing
 * else sees (the way Jupyter does); the browser that opens it gets an HttpOnly cookie, and only
 * requests with that cookie get the secret in their pages and may use the API. A service in the
 * sandbox cannot read the server's output or memory, so it cannot learn the key.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export const LAUNCH_COOKIE = 'operable_key';
/** Fixes the key (tests); otherwise each start makes a new one. */
export const LAUNCH_KEY_ENV = 'OPERABLE_LAUNCH_KEY';

export function createLaunchKey(): string {
  const given = process.env[LAUNCH_KEY_ENV];
  if (given !== undefined && given.length >= 32) return given;
  return randomBytes(32).toString('base64url');
}

function same(given: string | undefined, key: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether this request comes from the browser that opened the launch link. */
export function hasLaunchKey(c: Context, key: string): boolean {
  return same(getCookie(c, LAUNCH_COOKIE), key);
}

/** The link `npm start` prints. */
export function launchLink(base: string, key: string): string {
  return `${base}/?key=${encodeURIComponent(key)}`;
}

/**
 * A page opened with `?key=`: the right key becomes the cookie and the address loses it (so it is not
 * bookmarked or shared); a wrong one says where the right link is.
 */
export function acceptLaunchKey(key: string): MiddlewareHandler {
  return async function acceptLaunchKey(c, next) {
    const given = c.req.query('key');
    if (given === undefined || c.req.method !== 'GET') return next();
    if (!same(given, key)) {
      return c.text('This link is from an earlier start of Operable. Open the link `npm start` printed this time, or run `npm start` again.', 403);
    }
    setCookie(c, LAUNCH_COOKIE, key, { httpOnly: true, sameSite: 'Strict', path: '/' });
    const url = new URL(c.req.url);
    url.searchParams.delete('key');
    return c.redirect(`${url.pathname}${url.search}`, 303);
  };
}

/** The API only for the browser that opened the launch link. */
export function requireLaunchKey(key: string): MiddlewareHandler {
  return async function requireLaunchKey(c, next) {
    if (!hasLaunchKey(c, key)) {
      return c.json({ error: 'Open the course through the link `npm start` printed: only that browser may run code here.' }, 401);
    }
    await next();
  };
}
