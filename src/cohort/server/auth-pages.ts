/**
 * @module
 * Instructors sign in and out. Sign-in is rate limited per client address (10 tries in 15 minutes),
 * and a wrong email and a wrong password get the same answer in the same time.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { rateLimiter } from 'hono-rate-limiter';
import { closeSession, signIn } from '../store/accounts.ts';
import type { CohortEnv } from './env.ts';
import { clientAddress } from './client-address.ts';
import { csrfField, page } from './layout.ts';
import { endSessionCookie, preSessionToken, startSession } from './sessions.ts';

/** Only a path on this server: `next=https://elsewhere` would make the sign-in page an open redirect. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/cohorts';
}

function loginPage(token: string, next: string, notice?: string) {
  return page(
    { title: 'Sign in', notice: notice ? { text: notice, kind: 'error' } : undefined },
    html`<h1>Instructor sign-in</h1>
<form method="post" action="/login">
  ${csrfField(token)}
  <input type="hidden" name="next" value="${next}">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="username" required>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <p><button type="submit">Sign in</button></p>
</form>
<p class="muted">Learners: open the join link your instructor gave you.</p>`,
  );
}

export function authPages() {
  const app = new Hono<CohortEnv>();
  app.get('/login', (c) => {
    if (c.get('instructor')) return c.redirect('/cohorts', 303);
    return c.html(loginPage(preSessionToken(c), safeNext(c.req.query('next'))));
  });
  app.post(
    '/login',
    rateLimiter<CohortEnv>({
      windowMs: 15 * 60_000,
      limit: 10,
      keyGenerator: (c) => clientAddress(c),
      handler: (c) => {
        c.header('Retry-After', '900');
        return c.html(loginPage(preSessionToken(c), '/cohorts', 'Too many sign-in attempts from your address. Wait 15 minutes and try again.'), 429);
      },
    }),
    async (c) => {
      const form = await c.req.parseBody();
      const next = safeNext(typeof form.next === 'string' ? form.next : undefined);
      const instructor = await signIn(c.get('options').db, String(form.email ?? ''), String(form.password ?? ''));
      if (!instructor) return c.html(loginPage(preSessionToken(c), next, 'That email and password do not match an instructor account.'), 401);
      await startSession(c, { instructorId: instructor.id });
      return c.redirect(next, 303);
    },
  );
  app.post('/logout', async (c) => {
    const session = c.get('session');
    if (session) await closeSession(c.get('options').db, session.id);
    endSessionCookie(c);
    return c.redirect('/login', 303);
  });
  return app;
}
