/**
 * @module
 * One submission, for the instructor: who, which lab, when and from where, late or not, its grading
 * state, the report with failed checks first (expected vs observed, and the hint), whether the checks
 * that graded it are the current ones, the files it holds, and the learner's other submissions of the lab.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { assignmentsOf, learnerById } from '../../store/cohorts.ts';
import { countedSubmission, gradeReport, isLate, submissionStates } from '../../store/gradebook.ts';
import { submissionById, submissionFiles } from '../../store/submissions.ts';
import type { CohortEnv } from '../env.ts';
import { csrfField, formatTime, page } from '../layout.ts';
import { reportView, statusText } from '../report-view.ts';
import { csrfToken, notFound, ownedCohort, shell, type InstructorContext } from './context.ts';
import { currentChecksVersion, labTitle } from './gradebook-model.ts';
import { instructorStyle } from './styles.ts';

function regradeNotice(c: InstructorContext) {
  if (c.req.query('done') !== 'regrade') return undefined;
  return { text: c.req.query('queued') === '1' ? 'Regrade queued. Reload this page to see the new grade.' : 'This submission is already waiting for grading; nothing more was queued.' };
}

export function submissionPageRoutes() {
  const app = new Hono<CohortEnv>();
  app.get('/cohorts/:id/submissions/:submissionId', async (c) => {
    const { cohort } = await ownedCohort(c);
    const { db } = c.get('options');
    const submission = await submissionById(db, c.req.param('submissionId'));
    const learner = submission && (await learnerById(db, submission.learnerId));
    if (!submission || !learner || learner.cohortId !== cohort.id) throw notFound(c, 'No such submission', 'This cohort has no submission at this address.');
    const history = (await submissionStates(db, { learnerId: learner.id })).filter((state) => state.lab === submission.lab);
    const state = history.find((candidate) => candidate.submissionId === submission.id)!;
    const assignment = (await assignmentsOf(db, cohort.id)).find((candidate) => candidate.lab === submission.lab);
    const late = assignment ? isLate(assignment, submission.createdAt) : submission.late;
    const counted = assignment ? countedSubmission(assignment, history).counted?.submissionId : undefined;
    const report = state.grade ? await gradeReport(db, state.grade.jobId) : undefined;
    const current = currentChecksVersion(submission.lab);
    const files = await submissionFiles(db, submission);
    const token = csrfToken(c);
    return c.html(
      page(
        shell(c, `${learner.name} · ${submission.lab}`, regradeNotice(c)),
        html`${instructorStyle}
<nav class="crumbs" aria-label="Cohort"><a href="/cohorts/${cohort.id}/gradebook">← Gradebook of ${cohort.name}</a></nav>
<h1>${learner.name}: ${submission.lab}</h1>
<dl class="facts">
  <dt>Learner</dt><dd>${learner.name} · ${learner.email}${learner.externalId ? ` · id ${learner.externalId}` : ''}</dd>
  <dt>Lab</dt><dd>${submission.lab} — ${labTitle(submission.lab)}${assignment ? '' : ' (no longer assigned)'}</dd>
  <dt>Submitted</dt><dd>${formatTime(submission.createdAt)} from the ${submission.source}</dd>
  <dt>Late</dt><dd>${late ? html`<span class="flag">⚑ yes</span>: the deadline was ${formatTime(assignment?.deadline ?? null)}; late work: ${assignment ? assignment.latePolicy.replaceAll('-', ' ') : 'the lab is no longer assigned'}` : 'no'}</dd>
  <dt>Counts</dt><dd>${counted === submission.id ? 'yes: this is the submission the gradebook counts' : 'no: another submission (or none) counts for this lab'}</dd>
  <dt>Status</dt><dd>${statusText(state)}</dd>
  <dt>Checks</dt><dd>${state.grade
    ? state.grade.checksVersion === current
      ? `graded with the current checks (${state.grade.checksVersion})`
      : html`<strong>graded with older checks</strong>: version ${state.grade.checksVersion}, the current one is ${current ?? 'gone from this release'}. Regrade to apply the current checks.`
    : `not graded yet; the current checks are version ${current ?? 'unknown'}`}</dd>
</dl>
<form method="post" action="/cohorts/${cohort.id}/regrade">${csrfField(token)}<input type="hidden" name="scope" value="submission"><input type="hidden" name="submission" value="${submission.id}"><button type="submit">Regrade this submission</button></form>

<h2>Report</h2>
${report ? reportView(report) : html`<p>No report yet: ${statusText(state)}.</p>`}

<h2>Files</h2>
${[...files].map(([path, content]) => html`<details><summary><code>${path}</code> (${content.replace(/\n$/, '').split('\n').length} lines)</summary><pre>${content}</pre></details>`)}

<h2>${learner.name}’s submissions of ${submission.lab}</h2>
<div class="table-box"><table>
<caption class="vh">Every submission of ${submission.lab} by ${learner.name}, newest first</caption>
<thead><tr><th scope="col">Submitted</th><th scope="col">Status</th><th scope="col">Score</th><th scope="col">Checks</th><th scope="col">Counts</th></tr></thead>
<tbody>${history.map(
  (other) => html`<tr>
<td>${other.submissionId === submission.id ? html`${formatTime(other.createdAt)} <strong>(this one)</strong>` : html`<a href="/cohorts/${cohort.id}/submissions/${other.submissionId}">${formatTime(other.createdAt)}</a>`}${assignment && isLate(assignment, other.createdAt) ? html` <span class="flag">⚑ late</span>` : ''}</td>
<td>${statusText(other)}</td><td>${other.grade ? `${other.grade.score}/${other.grade.maxScore}` : '—'}</td>
<td>${other.grade?.checksVersion ?? '—'}${other.grade && other.grade.checksVersion !== current ? ' (older)' : ''}</td><td>${other.submissionId === counted ? 'yes' : ''}</td></tr>`,
)}</tbody></table></div>`,
      ),
    );
  });
  return app;
}
