/**
 * @module
 * The learner's side in the browser: join a cohort with its link (an email on the roster gets a personal
 * token, shown once, and a session on this browser), then see their own submissions and reports — and
 * only their own. A learner who lost the token asks the instructor to reset it (a join link is shared
 * with the whole class, so it cannot hand out a token twice).
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { findLab } from '../../../labs/index.ts';
import { assignmentsOf, cohortByJoinCode, cohortById, issueToken, learnerByEmail, learnerByToken } from '../store/cohorts.ts';
import { submissionStates } from '../store/gradebook.ts';
import { gradeReport } from '../store/gradebook.ts';
import { submissionById } from '../store/submissions.ts';
import type { CohortEnv } from './env.ts';
import { csrfField, formatTime, page } from './layout.ts';
import { reportView, statusText } from './report-view.ts';
import { preSessionToken, startSession } from './sessions.ts';

function joinForm(c: Context<CohortEnv>, code: string, cohortName: string, notice?: string) {
  return page(
    { title: `Join ${cohortName}`, notice: notice ? { text: notice, kind: 'error' } : undefined },
    html`<h1>Join ${cohortName}</h1>
<form method="post" action="/join/${code}">
  ${csrfField(preSessionToken(c))}
  <label for="email">The email your instructor has for you</label>
  <input id="email" name="email" type="email" autocomplete="email" required>
  <p><button type="submit">Join</button></p>
</form>`,
  );
}

export function learnerPages() {
  const app = new Hono<CohortEnv>();

  app.get('/join/:code', async (c) => {
    const cohort = await cohortByJoinCode(c.get('options').db, c.req.param('code'));
    if (!cohort) return c.html(page({ title: 'No such cohort' }, html`<h1>This join link does not work</h1><p>Ask your instructor for the cohort's current link.</p>`), 404);
    return c.html(joinForm(c, cohort.joinCode, cohort.name));
  });

  app.post('/join/:code', async (c) => {
    const { db } = c.get('options');
    const cohort = await cohortByJoinCode(db, c.req.param('code'));
    if (!cohort) return c.html(page({ title: 'No such cohort' }, html`<h1>This join link does not work</h1><p>Ask your instructor for the cohort's current link.</p>`), 404);
    const form = await c.req.parseBody();
    const learner = await learnerByEmail(db, cohort.id, String(form.email ?? ''));
    if (!learner) return c.html(joinForm(c, cohort.joinCode, cohort.name, 'That email is not on this cohort’s roster. Use the one your instructor has, or ask them to add you.'), 403);
    if (learner.joined) return c.html(joinForm(c, cohort.joinCode, cohort.name, 'You have already joined. Sign in with your token below, or ask your instructor to reset it if it is lost.'), 409);
    const token = await issueToken(db, learner.id);
    const csrf = await startSession(c, { learnerId: learner.id });
    const base = (c.get('options').publicUrl ?? new URL(c.req.url).origin).replace(/\/$/, '');
    return c.html(
      page(
        { title: 'Joined', who: learner.name, csrf },
        html`<h1>Welcome to ${cohort.name}, ${learner.name}</h1>
<p>Your personal token — copy it now, it is shown only once:</p>
<pre id="token">${token}</pre>
<p>In a lab's workspace, choose <strong>Submit to cohort</strong> and give it this cohort's address,
<code>${base}</code>, and your token. From a terminal:</p>
<pre>OPERABLE_COHORT_TOKEN=${token} npx operable submit &lt;lab&gt; &lt;folder&gt; --cohort ${base}</pre>
<p><a href="/me">Your submissions</a></p>`,
      ),
    );
  });

  app.get('/me/sign-in', (c) =>
    c.html(
      page(
        { title: 'Learner sign-in' },
        html`<h1>See your submissions</h1>
<form method="post" action="/me/sign-in">
  ${csrfField(preSessionToken(c))}
  <label for="token">Your personal token</label>
  <input id="token" name="token" type="password" autocomplete="off" required>
  <p><button type="submit">Sign in</button></p>
</form>`,
      ),
    ),
  );

  app.post('/me/sign-in', async (c) => {
    const form = await c.req.parseBody();
    const learner = await learnerByToken(c.get('options').db, String(form.token ?? ''));
    if (!learner) return c.html(page({ title: 'Learner sign-in', notice: { text: 'That token does not belong to any learner.', kind: 'error' } }, html`<p><a href="/me/sign-in">Try again</a></p>`), 401);
    await startSession(c, { learnerId: learner.id });
    return c.redirect('/me', 303);
  });

  app.get('/me', async (c) => {
    const learner = c.get('learner');
    if (!learner) return c.redirect('/me/sign-in', 303);
    const { db } = c.get('options');
    const cohort = await cohortById(db, learner.cohortId);
    const assignments = await assignmentsOf(db, learner.cohortId);
    const states = await submissionStates(db, { learnerId: learner.id });
    return c.html(
      page(
        { title: 'Your submissions', who: learner.name, csrf: c.get('session')?.csrfToken },
        html`<h1>Your work in ${cohort?.name ?? 'your cohort'}</h1>
${assignments.length === 0 ? html`<p>No lab is assigned yet.</p>` : ''}
${assignments.map((assignment) => {
  const mine = states.filter((state) => state.lab === assignment.lab);
  return html`<section>
  <h2>${findLab(assignment.lab)?.manifest.title ?? assignment.lab} <span class="muted">(${assignment.lab})</span></h2>
  <p>Deadline: ${formatTime(assignment.deadline)} · late work: ${assignment.latePolicy.replaceAll('-', ' ')}</p>
  ${mine.length === 0
    ? html`<p class="muted">No submission yet.</p>`
    : html`<div class="table-box"><table><thead><tr><th scope="col">Submitted</th><th scope="col">Status</th><th scope="col">Score</th><th scope="col"><span class="skip">Report</span></th></tr></thead><tbody>
      ${mine.map((state) => html`<tr><td>${formatTime(state.createdAt)}${assignment.deadline !== null && state.createdAt > assignment.deadline ? html` <span class="late">(late)</span>` : ''}</td><td>${statusText(state)}</td><td>${state.grade ? `${state.grade.score}/${state.grade.maxScore}` : '—'}</td><td><a href="/me/submissions/${state.submissionId}">Report</a></td></tr>`)}
      </tbody></table></div>`}
</section>`;
})}`,
      ),
    );
  });

  app.get('/me/submissions/:id', async (c) => {
    const learner = c.get('learner');
    if (!learner) return c.redirect('/me/sign-in', 303);
    const { db } = c.get('options');
    const submission = await submissionById(db, c.req.param('id'));
    // Someone else's submission is "not found", not "forbidden": its existence is not the learner's business.
    if (!submission || submission.learnerId !== learner.id) return c.html(page({ title: 'Not found', who: learner.name, csrf: c.get('session')?.csrfToken }, html`<h1>No such submission</h1><p><a href="/me">Your submissions</a></p>`), 404);
    const state = (await submissionStates(db, { learnerId: learner.id })).find((candidate) => candidate.submissionId === submission.id)!;
    const report = state.grade ? await gradeReport(db, state.grade.jobId) : undefined;
    return c.html(
      page(
        { title: `${submission.lab} report`, who: learner.name, csrf: c.get('session')?.csrfToken },
        html`<p><a href="/me">← Your submissions</a></p>
<h1>${findLab(submission.lab)?.manifest.title ?? submission.lab}</h1>
<p>Submitted ${formatTime(submission.createdAt)} from the ${submission.source} · ${statusText(state)}</p>
${report ? reportView(report) : ''}`,
      ),
    );
  });
  return app;
}
