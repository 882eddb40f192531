/**
 * @module
 * The instructor's cohorts: the list, and a form that creates one (its join code is made then).
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { recordAudit } from '../../store/audit-log.ts';
import { cohortsOf, createCohort } from '../../store/cohorts.ts';
import type { CohortEnv } from '../env.ts';
import { csrfField, page } from '../layout.ts';
import { requireInstructor } from '../sessions.ts';
import { actor, csrfToken, shell, type InstructorContext } from './context.ts';

const MAX_NAME = 120;

async function cohortsPage(c: InstructorContext, problem?: string) {
  const instructor = requireInstructor(c);
  const cohorts = await cohortsOf(c.get('options').db, instructor.id);
  return page(
    shell(c, 'Your cohorts', problem ? { text: problem, kind: 'error' } : undefined),
    html`<h1>Your cohorts</h1>
${cohorts.length === 0
  ? html`<p>You have no cohort yet. Create one, then import its roster and assign labs.</p>`
  : html`<ul>${cohorts.map((cohort) => html`<li><a href="/cohorts/${cohort.id}">${cohort.name}</a> · <a href="/cohorts/${cohort.id}/gradebook">gradebook<span class="vh"> of ${cohort.name}</span></a></li>`)}</ul>`}
<h2>Create a cohort</h2>
<form method="post" action="/cohorts">
  ${csrfField(csrfToken(c))}
  <label for="cohort-name">Cohort name</label>
  <input id="cohort-name" name="name" type="text" maxlength="${MAX_NAME}" required>
  <p><button type="submit">Create cohort</button></p>
</form>`,
  );
}

export function cohortsRoutes() {
  const app = new Hono<CohortEnv>();
  app.get('/cohorts', async (c) => c.html(await cohortsPage(c)));
  app.post('/cohorts', async (c) => {
    const instructor = requireInstructor(c);
    const form = await c.req.parseBody();
    const name = String(form.name ?? '').trim();
    if (!name || name.length > MAX_NAME) return c.html(await cohortsPage(c, `Give the cohort a name of 1 to ${MAX_NAME} characters.`), 400);
    const { db } = c.get('options');
    const cohort = await createCohort(db, instructor.id, name);
    await recordAudit(db, { actor: actor(instructor), action: 'cohort created', cohortId: cohort.id, subject: cohort.id, detail: name });
    return c.redirect(`/cohorts/${cohort.id}`, 303);
  });
  return app;
}
