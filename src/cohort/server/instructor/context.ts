/**
 * @module
 * What every instructor page needs first: the signed-in instructor, the cohort of the URL when it is
 * theirs (another instructor's cohort is "not found", like one that does not exist), the name audit
 * entries give them, and the address learners reach this server at.
 */
import type { Context } from 'hono';
import { html } from 'hono/html';
import { HTTPException } from 'hono/http-exception';
import { cohortById, type Cohort } from '../../store/cohorts.ts';
import type { Instructor } from '../../store/accounts.ts';
import type { CohortEnv } from '../env.ts';
import { page } from '../layout.ts';
import { requireInstructor } from '../sessions.ts';

export type InstructorContext = Context<CohortEnv>;

/** The instructor's cohort named by `:id`, or a 404 page. */
export async function ownedCohort(c: InstructorContext): Promise<{ instructor: Instructor; cohort: Cohort }> {
  const instructor = requireInstructor(c);
  const cohort = await cohortById(c.get('options').db, c.req.param('id') ?? '');
  if (!cohort || cohort.ownerId !== instructor.id) throw notFound(c, 'No such cohort', 'You have no cohort at this address.');
  return { instructor, cohort };
}

/** A 404 page thrown from anywhere in a handler. */
export function notFound(c: InstructorContext, title: string, text: string): HTTPException {
  const body = page(shell(c, title), html`<h1>${title}</h1><p>${text}</p><p><a href="/cohorts">Your cohorts</a></p>`);
  return new HTTPException(404, { res: new Response(body.toString(), { status: 404, headers: { 'content-type': 'text/html; charset=UTF-8' } }) });
}

/** The page options every instructor page shares: who is signed in and the sign-out form's token. */
export function shell(c: InstructorContext, title: string, notice?: { text: string; kind?: 'info' | 'error' }) {
  return { title, who: c.get('instructor')?.name, csrf: c.get('session')?.csrfToken, notice };
}

/** The name an audit entry gives the instructor. */
export function actor(instructor: Instructor): string {
  return `instructor ${instructor.email}`;
}

/** Where learners reach this server: the configured public URL, else the origin of this request. */
export function publicBase(c: InstructorContext): string {
  return (c.get('options').publicUrl ?? new URL(c.req.url).origin).replace(/\/$/, '');
}

export function csrfToken(c: InstructorContext): string | undefined {
  return c.get('session')?.csrfToken;
}
