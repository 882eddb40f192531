/**
 * @module
 * A cohort's overview: its join link, the roster (import from CSV, reset a learner's token), the labs
 * assigned with their deadlines and late policies, the instructor's notes, and the audit log. Every
 * change is recorded in the audit log.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { findLab, labs } from '../../../../labs/index.ts';
import { auditLog, recordAudit } from '../../store/audit-log.ts';
import {
  assignLab,
  assignmentsOf,
  importRoster,
  issueToken,
  LATE_POLICIES,
  learnerById,
  learnersOf,
  setNotes,
  unassignLab,
  type Cohort,
  type LatePolicy,
} from '../../store/cohorts.ts';
import type { CohortEnv } from '../env.ts';
import { csrfField, formatTime, page } from '../layout.ts';
import { actor, csrfToken, notFound, ownedCohort, publicBase, shell, type InstructorContext } from './context.ts';
import { parseDeadline } from './deadline.ts';
import { parseRoster, type RosterLineError } from './roster-csv.ts';
import { instructorStyle } from './styles.ts';

/** A roster file larger than this is not a class list. */
const MAX_ROSTER_BYTES = 1024 * 1024;
const MAX_NOTES = 20_000;

const POLICY_WORDS: Record<LatePolicy, string> = {
  accept: 'accept late work',
  'accept-and-flag': 'accept late work and flag it',
  refuse: 'refuse late work',
};

interface OverviewExtras {
  notice?: { text: string; kind?: 'info' | 'error' };
  /** A token just issued: shown this once. */
  issued?: { name: string; email: string; token: string };
  rosterErrors?: RosterLineError[];
  rosterText?: string;
  /** The notes field's content when it was refused. */
  notesText?: string;
}

/** The message of a `?done=` redirect after a change; only known codes and numbers, so a link cannot put words on the page. */
function doneNotice(c: InstructorContext): OverviewExtras['notice'] {
  const count = (name: string) => Math.max(0, Number.parseInt(c.req.query(name) ?? '0', 10) || 0);
  const lab = findLab(c.req.query('lab') ?? '')?.manifest.id;
  switch (c.req.query('done')) {
    case 'imported':
      return { text: `Roster imported: ${count('added')} added, ${count('updated')} updated.` };
    case 'assigned':
      return lab ? { text: `${lab} is assigned.` } : undefined;
    case 'unassigned':
      return lab ? { text: `${lab} is no longer assigned; its submissions are kept.` } : undefined;
    case 'notes':
      return { text: 'Notes saved.' };
    default:
      return undefined;
  }
}

async function overviewPage(c: InstructorContext, cohort: Cohort, extras: OverviewExtras = {}) {
  const { db } = c.get('options');
  const [learners, assignments, audit] = await Promise.all([learnersOf(db, cohort.id), assignmentsOf(db, cohort.id), auditLog(db, cohort.id, 100)]);
  const joinLink = `${publicBase(c)}/join/${cohort.joinCode}`;
  const token = csrfToken(c);
  const unassigned = labs.filter((lab) => !assignments.some((assignment) => assignment.lab === lab.manifest.id));
  return page(
    shell(c, cohort.name, extras.notice ?? doneNotice(c)),
    html`${instructorStyle}
<nav class="crumbs" aria-label="Cohort"><a href="/cohorts">Your cohorts</a> · <a href="/cohorts/${cohort.id}/gradebook">Gradebook</a></nav>
<h1>${cohort.name}</h1>
${extras.issued
  ? html`<section class="notice" role="status" aria-labelledby="issued-heading">
  <h2 id="issued-heading">New token for ${extras.issued.name}</h2>
  <p>Give it to ${extras.issued.name} (${extras.issued.email}) privately. It is shown only this once; their old token no longer works.</p>
  <p><code class="token" id="issued-token">${extras.issued.token}</code></p>
</section>`
  : ''}

<section aria-labelledby="join-heading">
<h2 id="join-heading">Join link</h2>
<label for="join-link">Send this link to the learners on the roster</label>
<input id="join-link" type="text" readonly value="${joinLink}">
<p class="muted">A learner opens it, gives the email you have for them, and gets their personal token.</p>
</section>

<section aria-labelledby="roster-heading">
<h2 id="roster-heading">Roster (${learners.length} ${learners.length === 1 ? 'learner' : 'learners'})</h2>
${learners.length === 0
  ? html`<p>Nobody yet: import the roster below.</p>`
  : html`<div class="table-box"><table>
<caption class="vh">Learners of ${cohort.name}</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Id</th><th scope="col">Joined</th><th scope="col">Token</th></tr></thead>
<tbody>${learners.map(
      (learner) => html`<tr><th scope="row">${learner.name}</th><td>${learner.email}</td><td>${learner.externalId ?? '—'}</td><td>${learner.joined ? 'yes' : 'no'}</td>
<td><form class="inline" method="post" action="/cohorts/${cohort.id}/learners/${learner.id}/token">${csrfField(token)}<button type="submit">Reset token<span class="vh"> of ${learner.name}</span></button></form></td></tr>`,
    )}</tbody></table></div>`}

<h3 id="import-heading">Import a roster</h3>
<p>One learner per line: <code>name,email</code> or <code>name,email,id</code> (the id your LMS uses); a header row is optional.
A learner already on the roster (same email) gets the new name and id. If any line is wrong, nothing is imported.</p>
${extras.rosterErrors?.length
  ? html`<div id="roster-errors"><p><strong>${rosterRefusal(extras.rosterErrors)}</strong></p>
<ul class="errors">${extras.rosterErrors.map((error) => html`<li>Line ${error.line}: ${error.message}</li>`)}</ul></div>`
  : ''}
<form method="post" action="/cohorts/${cohort.id}/roster" enctype="multipart/form-data" aria-labelledby="import-heading">
  ${csrfField(token)}
  <label for="roster-csv">Roster CSV, pasted</label>
  <textarea id="roster-csv" name="csv" rows="6" spellcheck="false" ${extras.rosterErrors?.length ? html`aria-describedby="roster-errors"` : ''}>${extras.rosterText ?? ''}</textarea>
  <label for="roster-file">…or a CSV file</label>
  <input id="roster-file" name="file" type="file" accept=".csv,text/csv">
  <p><button type="submit">Import roster</button></p>
</form>
</section>

<section aria-labelledby="assignments-heading">
<h2 id="assignments-heading">Assigned labs</h2>
${assignments.length === 0
  ? html`<p>No lab is assigned: learners can submit nothing yet.</p>`
  : html`<div class="table-box"><table>
<caption class="vh">Labs assigned to ${cohort.name}</caption>
<thead><tr><th scope="col">Lab</th><th scope="col">Deadline</th><th scope="col">Late work</th><th scope="col"><span class="vh">Actions</span></th></tr></thead>
<tbody>${assignments.map(
      (assignment) => html`<tr><th scope="row">${assignment.lab} <span class="muted">${findLab(assignment.lab)?.manifest.title ?? '(not in this release)'}</span></th>
<td class="when">${assignment.deadline === null ? 'none' : formatTime(assignment.deadline)}</td><td>${POLICY_WORDS[assignment.latePolicy]}</td>
<td><form class="inline" method="post" action="/cohorts/${cohort.id}/assignments/${assignment.lab}/unassign">${csrfField(token)}<button type="submit">Unassign<span class="vh"> ${assignment.lab}</span></button></form></td></tr>`,
    )}</tbody></table></div>`}

<h3 id="assign-heading">Assign a lab, or change an assigned one</h3>
<form method="post" action="/cohorts/${cohort.id}/assignments" aria-labelledby="assign-heading">
  ${csrfField(token)}
  <label for="assign-lab">Lab</label>
  <select id="assign-lab" name="lab" required>
    ${[...unassigned, ...labs.filter((lab) => !unassigned.includes(lab))].map(
      (lab) => html`<option value="${lab.manifest.id}">${lab.manifest.id} — ${lab.manifest.title}${unassigned.includes(lab) ? '' : ' (assigned: change it)'}</option>`,
    )}
  </select>
  <label for="assign-deadline">Deadline, in UTC (leave empty for none)</label>
  <input id="assign-deadline" name="deadline" type="datetime-local" aria-describedby="deadline-help">
  <p id="deadline-help" class="muted">The time is read as UTC, not your local time: for 17:00 in Paris in winter, type 16:00.</p>
  <fieldset>
    <legend>Late work (after the deadline)</legend>
    ${LATE_POLICIES.map(
      (policy, index) => html`<label><input type="radio" name="latePolicy" value="${policy}" ${index === 0 ? 'checked' : ''}> ${POLICY_WORDS[policy]}</label>`,
    )}
  </fieldset>
  <p><button type="submit">Assign lab</button></p>
</form>
</section>

<section aria-labelledby="notes-heading">
<h2 id="notes-heading">Notes</h2>
<form method="post" action="/cohorts/${cohort.id}/notes">
  ${csrfField(token)}
  <label for="notes">Your notes on this cohort (learners never see them)</label>
  <textarea id="notes" name="notes" rows="4" maxlength="${MAX_NOTES}">${extras.notesText ?? cohort.notes}</textarea>
  <p><button type="submit">Save notes</button></p>
</form>
</section>

<section aria-labelledby="audit-heading">
<h2 id="audit-heading">Audit log</h2>
${audit.length === 0
  ? html`<p>Nothing recorded yet.</p>`
  : html`<div class="table-box"><table>
<caption class="vh">Changes to ${cohort.name}, newest first</caption>
<thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Detail</th></tr></thead>
<tbody>${audit.map((entry) => html`<tr><td class="when">${formatTime(Number(entry.at))}</td><td>${entry.actor}</td><td>${entry.action}</td><td>${entry.detail}</td></tr>`)}</tbody>
</table></div>`}
</section>`,
  );
}

function rosterRefusal(errors: readonly RosterLineError[]): string {
  return `Nothing was imported: ${errors.length} ${errors.length === 1 ? 'line needs' : 'lines need'} fixing.`;
}

/** The roster's text: the uploaded file when one was chosen, else the pasted CSV. */
async function rosterText(form: Record<string, string | File | (string | File)[]>): Promise<{ text: string; fromFile: boolean } | { problem: string }> {
  const file = form.file;
  const pasted = typeof form.csv === 'string' ? form.csv : '';
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_ROSTER_BYTES) return { problem: `The file is ${Math.round(file.size / 1024)} KiB; a roster may be at most ${MAX_ROSTER_BYTES / 1024} KiB.` };
    if (pasted.trim()) return { problem: 'Give the roster either pasted or as a file, not both.' };
    return { text: await file.text(), fromFile: true };
  }
  if (pasted.length > MAX_ROSTER_BYTES) return { problem: `The pasted roster is over ${MAX_ROSTER_BYTES / 1024} KiB.` };
  return { text: pasted, fromFile: false };
}

export function cohortRoutes() {
  const app = new Hono<CohortEnv>();

  app.get('/cohorts/:id', async (c) => {
    const { cohort } = await ownedCohort(c);
    return c.html(await overviewPage(c, cohort));
  });

  app.post('/cohorts/:id/roster', async (c) => {
    const { instructor, cohort } = await ownedCohort(c);
    const { db } = c.get('options');
    const read = await rosterText(await c.req.parseBody());
    if ('problem' in read) return c.html(await overviewPage(c, cohort, { notice: { text: read.problem, kind: 'error' } }), 400);
    const parsed = parseRoster(read.text);
    if (!parsed.ok) {
      // Said at the top too (the page opens there), with the lines listed at the form.
      const notice = { text: `${rosterRefusal(parsed.errors)} The lines are listed under “Import a roster”.`, kind: 'error' as const };
      return c.html(await overviewPage(c, cohort, { notice, rosterErrors: parsed.errors, rosterText: read.fromFile ? '' : read.text }), 422);
    }
    const counts = await db.transaction((tx) => importRoster(tx, cohort.id, parsed.entries));
    await recordAudit(db, { actor: actor(instructor), action: 'roster imported', cohortId: cohort.id, detail: `${counts.added} added, ${counts.updated} updated${read.fromFile ? ' (from a file)' : ''}` });
    return c.redirect(`/cohorts/${cohort.id}?done=imported&added=${counts.added}&updated=${counts.updated}`, 303);
  });

  app.post('/cohorts/:id/learners/:learnerId/token', async (c) => {
    const { instructor, cohort } = await ownedCohort(c);
    const { db } = c.get('options');
    const learner = await learnerById(db, c.req.param('learnerId'));
    if (!learner || learner.cohortId !== cohort.id) throw notFound(c, 'No such learner', 'This cohort has no such learner.');
    const token = await issueToken(db, learner.id);
    await recordAudit(db, { actor: actor(instructor), action: 'token reset', cohortId: cohort.id, subject: learner.id, detail: `${learner.name} <${learner.email}>` });
    // Shown in this answer and nowhere else: a redirect would carry the token in a URL.
    c.header('Cache-Control', 'no-store');
    return c.html(await overviewPage(c, cohort, { issued: { name: learner.name, email: learner.email, token } }));
  });

  app.post('/cohorts/:id/assignments', async (c) => {
    const { instructor, cohort } = await ownedCohort(c);
    const { db } = c.get('options');
    const form = await c.req.parseBody();
    const lab = findLab(String(form.lab ?? ''));
    const deadline = parseDeadline(String(form.deadline ?? ''));
    const latePolicy = LATE_POLICIES.find((policy) => policy === form.latePolicy);
    const problem = !lab
      ? 'Choose one of the course’s labs.'
      : deadline === undefined
        ? 'The deadline is not a date and time; use the form’s date picker, or leave it empty for none.'
        : !latePolicy
          ? 'Choose what happens to late work.'
          : undefined;
    if (problem || !lab || deadline === undefined || !latePolicy) return c.html(await overviewPage(c, cohort, { notice: { text: problem ?? '', kind: 'error' } }), 400);
    const before = (await assignmentsOf(db, cohort.id)).find((assignment) => assignment.lab === lab.manifest.id);
    await assignLab(db, cohort.id, { lab: lab.manifest.id, deadline, latePolicy });
    await recordAudit(db, {
      actor: actor(instructor),
      action: before ? 'assignment changed' : 'lab assigned',
      cohortId: cohort.id,
      subject: lab.manifest.id,
      detail: `${lab.manifest.id}: deadline ${deadline === null ? 'none' : formatTime(deadline)}, ${POLICY_WORDS[latePolicy]}${before ? ` (was: deadline ${before.deadline === null ? 'none' : formatTime(before.deadline)}, ${POLICY_WORDS[before.latePolicy]})` : ''}`,
    });
    return c.redirect(`/cohorts/${cohort.id}?done=assigned&lab=${lab.manifest.id}`, 303);
  });

  app.post('/cohorts/:id/assignments/:lab/unassign', async (c) => {
    const { instructor, cohort } = await ownedCohort(c);
    const { db } = c.get('options');
    const lab = c.req.param('lab');
    const assigned = (await assignmentsOf(db, cohort.id)).some((assignment) => assignment.lab === lab);
    if (!assigned) throw notFound(c, 'Not assigned', `${lab} is not assigned in this cohort.`);
    await unassignLab(db, cohort.id, lab);
    await recordAudit(db, { actor: actor(instructor), action: 'lab unassigned', cohortId: cohort.id, subject: lab, detail: lab });
    return c.redirect(`/cohorts/${cohort.id}?done=unassigned&lab=${encodeURIComponent(lab)}`, 303);
  });

  app.post('/cohorts/:id/notes', async (c) => {
    const { instructor, cohort } = await ownedCohort(c);
    const { db } = c.get('options');
    const notes = String((await c.req.parseBody()).notes ?? '');
    if (notes.length > MAX_NOTES) return c.html(await overviewPage(c, cohort, { notice: { text: `Notes may be at most ${MAX_NOTES} characters.`, kind: 'error' }, notesText: notes }), 400);
    await setNotes(db, cohort.id, notes);
    await recordAudit(db, { actor: actor(instructor), action: 'notes changed', cohortId: cohort.id, detail: `${notes.length} characters` });
    return c.redirect(`/cohorts/${cohort.id}?done=notes`, 303);
  });

  return app;
}
