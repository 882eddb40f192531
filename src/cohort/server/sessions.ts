/**
 * @module
 * Sign-in sessions in an `HttpOnly; Secure; SameSite=Lax` cookie holding a random id (the database keeps
 * only its hash), and CSRF protection on every state-changing request: the Origin must be this server's,
 * and a form must carry the session's token (a login form: the token of a short-lived cookie, since there
 * is no session yet). Browsers accept Secure cookies from http://localhost, so development works unchanged.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { instructorById, findSession, openSession, SESSION_LIFETIME_MS } from '../store/accounts.ts';
import { learnerById } from '../store/cohorts.ts';
import { newSecret } from '../secrets.ts';
import type { CohortEnv } from './env.ts';

export const SESSION_COOKIE = 'operable_session';
const LOGIN_CSRF_COOKIE = 'operable_login_csrf';
const COOKIE = { httpOnly: true, secure: true, sameSite: 'Lax', path: '/' } as const;

/** Reads the session cookie and puts the session and its person in the context. */
export const readSession: MiddlewareHandler<CohortEnv> = async (c, next) => {
  const id = getCookie(c, SESSION_COOKIE);
  const { db } = c.get('options');
  const session = id ? await findSession(db, id) : undefined;
  c.set('session', session && id ? { ...session, id } : undefined);
  c.set('instructor', session?.instructorId ? await instructorById(db, session.instructorId) : undefined);
  c.set('learner', session?.learnerId ? await learnerById(db, session.learnerId) : undefined);
  await next();
};

/** Opens a session and sets its cookie; returns the session's CSRF token, for the page answering this request. */
export async function startSession(c: Context<CohortEnv>, owner: { instructorId?: string; learnerId?: string }): Promise<string> {
  const { id, session } = await openSession(c.get('options').db, owner);
  setCookie(c, SESSION_COOKIE, id, { ...COOKIE, maxAge: SESSION_LIFETIME_MS / 1000 });
  return session.csrfToken;
}

export function endSessionCookie(c: Context<CohortEnv>): void {
  deleteCookie(c, SESSION_COOKIE, COOKIE);
}

/** A token for a form shown before sign-in (login, join), bound to a cookie of its own. */
export function preSessionToken(c: Context<CohortEnv>): string {
  const token = getCookie(c, LOGIN_CSRF_COOKIE) ?? newSecret(16);
  setCookie(c, LOGIN_CSRF_COOKIE, token, { ...COOKIE, maxAge: 60 * 60 });
  return token;
}

function sameOrigin(c: Context<CohortEnv>): boolean {
  const origin = c.req.header('origin');
  // No Origin: not a browser's cross-site form post (browsers send it on every POST).
  if (!origin) return true;
  const own = c.get('options').publicUrl ? new URL(c.get('options').publicUrl!).origin : new URL(c.req.url).origin;
  return origin === own || origin === new URL(c.req.url).origin;
}

/**
 * Refuses a POST whose Origin is foreign or whose form lacks the right token. API calls with a bearer
 * token are exempt: a browser never attaches a bearer token on its own, so they cannot be forged.
 */
export const csrfProtection: MiddlewareHandler<CohortEnv> = async (c, next) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.path.startsWith('/api/')) return next();
  if (!sameOrigin(c)) throw new HTTPException(403, { message: 'This form was sent from another site, so it was refused. Open the page on this server and send it again.' });
  const type = c.req.header('content-type') ?? '';
  const form = type.includes('form') ? await c.req.parseBody() : {};
  const sent = typeof form._csrf === 'string' ? form._csrf : c.req.header('x-csrf-token');
  // A form shown before sign-in carries the pre-session cookie's token, even to someone signed in since.
  const accepted = [c.get('session')?.csrfToken, getCookie(c, LOGIN_CSRF_COOKIE)].filter((token) => token);
  if (!sent || !accepted.includes(sent)) {
    throw new HTTPException(403, { message: 'The form expired or came from elsewhere (its security token did not match). Reload the page and send it again.' });
  }
  await next();
};

/** The signed-in instructor, or a redirect to the sign-in page. */
export function requireInstructor(c: Context<CohortEnv>) {
  const instructor = c.get('instructor');
  if (!instructor) throw new HTTPException(401, { res: c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303) });
  return instructor;
}
