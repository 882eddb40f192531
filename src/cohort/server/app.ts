/**
 * @module
 * The cohort server's Hono app: the submission API under /api/v1 (bearer tokens, CORS for the course
 * site), and the pages (session cookie, CSRF-checked forms) for instructors and learners.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { bodyLimit } from 'hono/body-limit';
import { submissionApi } from './api.ts';
import { authPages } from './auth-pages.ts';
import type { CohortEnv, CohortServerOptions } from './env.ts';
import { instructorPages } from './instructor-pages.ts';
import { learnerPages } from './learner-pages.ts';
import { page } from './layout.ts';
import { problem } from './problem.ts';
import { csrfProtection, readSession } from './sessions.ts';

const MAX_FORM_BYTES = 2 * 1024 * 1024;

export type ErrorLog = (msg: string, fields?: Record<string, unknown>) => void;

export function createCohortApp(options: CohortServerOptions, logError: ErrorLog = () => {}) {
  const app = new Hono<CohortEnv>();
  app.use('*', async (c, next) => {
    c.set('options', options);
    await next();
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], scriptSrc: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"] },
      strictTransportSecurity: 'max-age=15552000',
      // Not the default no-referrer: under it Chromium sends `Origin: null` on this site's own form posts,
      // which the CSRF check must refuse. Same-origin keeps the origin for us and tells other sites nothing.
      referrerPolicy: 'same-origin',
    }),
  );
  app.get('/livez', (c) => c.text('ok'));
  app.get('/readyz', async (c) => {
    try {
      await options.db.query('SELECT 1');
      return c.text('ok');
    } catch (error) {
      return c.text(`database unreachable: ${(error as Error).message}`, 503);
    }
  });
  app.route('/api/v1', submissionApi());
  // Before the CSRF check reads a form: a roster is kilobytes, so 2 MiB only stops abuse.
  app.use('*', bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => c.html(page({ title: 'Too large', notice: { text: `A form may send at most ${MAX_FORM_BYTES / 1024 / 1024} MiB.`, kind: 'error' } }, html``), 413) }));
  app.use('*', readSession, csrfProtection);
  app.get('/', (c) => c.redirect(c.get('instructor') ? '/cohorts' : c.get('learner') ? '/me' : '/login', 303));
  app.route('/', authPages());
  app.route('/', learnerPages());
  app.route('/', instructorPages());

  app.notFound((c) =>
    c.req.path.startsWith('/api/') ? problem(c, 404, 'Not found', 'See docs/cohorts.md for the API.') : c.html(page({ title: 'Not found' }, html`<h1>Not found</h1><p><a href="/">Back to the start</a></p>`), 404),
  );
  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      if (error.res) return error.res;
      return c.html(page({ title: 'Refused', notice: { text: error.message, kind: 'error' } }, html`<p><a href="/">Back to the start</a></p>`), error.status);
    }
    logError('request failed', { path: c.req.path, error: error.stack ?? String(error) });
    return c.req.path.startsWith('/api/')
      ? problem(c, 500, 'Server error', 'The cohort server failed on this request; nothing was stored. Try again; if it persists, tell your instructor.')
      : c.html(page({ title: 'Server error', notice: { text: 'Something failed on the server; nothing was changed. Try again.', kind: 'error' } }, html``), 500);
  });
  return app;
}
