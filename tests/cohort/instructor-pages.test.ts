/**
 * The instructor's pages through the Hono app, as a browser would use them: sign in, create a cohort,
 * import its roster (and be refused line by line), assign labs, read the gradebook (sorted, filtered,
 * exported as CSV and JSON), drill into a submission, reset a token and regrade — and never reach
 * another instructor's cohort or change anything without the form's CSRF token.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { findLab } from '../../labs/index.ts';
import { checksVersion } from '../../src/cohort/checks-version.ts';
import type { Database } from '../../src/cohort/db/database.ts';
import { claimJob, recordGrade } from '../../src/cohort/queue/job-table.ts';
import { createCohortApp } from '../../src/cohort/server/app.ts';
import { parseDeadline } from '../../src/cohort/server/instructor/deadline.ts';
import { slug } from '../../src/cohort/server/instructor/gradebook-export.ts';
import { parseRoster } from '../../src/cohort/server/instructor/roster-csv.ts';
import { createInstructor } from '../../src/cohort/store/accounts.ts';
import { assignmentsOf, learnerByToken, learnersOf, type Learner } from '../../src/cohort/store/cohorts.ts';
import { storeSubmission } from '../../src/cohort/store/submissions.ts';
import { BrowserLike } from './browser-like.ts';
import { freshSqlite } from './databases.ts';
import { fakeReport } from './fake-report.ts';

const PASSWORD = 'correct horse battery staple';
const LAB1 = '01-configuration';
const LAB2 = '02-environment';
const LAB3 = '03-graceful-shutdown';
const LAB4 = '04-health';

const version = (lab: string) => checksVersion(findLab(lab)!);
const maxPoints = (lab: string) => findLab(lab)!.checks.reduce((sum, check) => sum + check.points, 0);

describe('roster CSV', () => {
  test('takes name,email[,id] with or without a header, quoted fields included', () => {
    const parsed = parseRoster('Name,Email,Id\n"Lovelace, Ada",ada@example.test,S1\n\nBo,bo@example.test\n');
    assert.deepEqual(parsed, { ok: true, entries: [{ name: 'Lovelace, Ada', email: 'ada@example.test', externalId: 'S1' }, { name: 'Bo', email: 'bo@example.test' }] });
    assert.deepEqual(parseRoster('Cy,cy@example.test'), { ok: true, entries: [{ name: 'Cy', email: 'cy@example.test' }] });
  });

  test('names every bad line by its number', () => {
    const parsed = parseRoster('name,email\nAda,ada@example.test\nBo\n,x@example.test\nCy,not-an-email\nDee,ADA@example.test\nEd,ed@example.test,1,extra');
    assert.equal(parsed.ok, false);
    assert.deepEqual(!parsed.ok && parsed.errors.map((error) => error.line), [3, 4, 5, 6, 7]);
    assert.match(!parsed.ok ? parsed.errors[3]!.message : '', /already on line 2/);
    const unclosed = parseRoster('Ada,ada@example.test\n"Bo,bo@example.test\n');
    assert.equal(!unclosed.ok && unclosed.errors[0]!.line, 2);
    assert.equal(parseRoster('name,email\n').ok, false, 'a header alone is no roster');
  });
});

test('a deadline typed in the form is read as UTC', () => {
  assert.equal(parseDeadline('2026-12-01T17:00'), Date.UTC(2026, 11, 1, 17, 0));
  assert.equal(parseDeadline(''), null);
  assert.equal(parseDeadline('tomorrow'), undefined);
  assert.equal(slug('Autumn 2026 (Paris) — Élan'), 'autumn-2026-paris-elan');
});

describe('instructor pages', () => {
  let db: Database;
  let app: ReturnType<typeof createCohortApp>;
  const dispatched: string[] = [];
  const fetcher = (path: string, init?: RequestInit) => Promise.resolve(app.request(`http://localhost${path}`, init));
  let ina: BrowserLike;
  let cohortId = '';
  const learner: Record<string, Learner> = {};
  const submission: Record<string, string> = {};

  async function signedIn(email: string): Promise<BrowserLike> {
    const browser = new BrowserLike(fetcher);
    const login = await browser.page('/login');
    const signed = await browser.submit('/login', { email, password: PASSWORD }, login.html);
    assert.equal(signed.status, 303);
    return browser;
  }

  /** POSTs a form found on `path`, with that page's CSRF token. */
  async function post(browser: BrowserLike, from: string, action: string, fields: Record<string, string>) {
    const { html } = await browser.page(from);
    return browser.submit(action, fields, html);
  }

  /** The learners' names in the gradebook's order. */
  const namesIn = (html: string) => [...html.matchAll(/<th scope="row">([^<]+)<small/g)].map((match) => match[1]);
  const rowOf = (html: string, name: string) => html.split('<tr>').find((row) => row.startsWith(`<th scope="row">${name}<small`)) ?? '';

  /** A submission graded with a hand-made report: no grader runs. */
  async function graded(who: Learner, lab: string, passed: string[], failed: string[], checks = version(lab)): Promise<string> {
    const { submission: stored, jobId } = await storeSubmission(db, { learnerId: who.id, lab, files: new Map([['src/x.ts', `// ${who.name} ${lab}`]]), late: false, source: 'cli', checksVersion: version(lab) });
    const job = await claimJob(db, 'test-worker', { jobId });
    assert.ok(job);
    assert.equal(await recordGrade(db, job, fakeReport(lab, passed, failed), 'test-worker', checks), true);
    await sleep(3); // distinct creation times, so "newest" is well defined
    return stored.id;
  }

  before(async () => {
    ({ db } = await freshSqlite());
    app = createCohortApp({ db, dispatch: { dispatched: async (ids) => void dispatched.push(...ids) }, allowedOrigins: [], trustProxy: false });
    await createInstructor(db, { email: 'ina@example.test', name: 'Ina', password: PASSWORD });
    await createInstructor(db, { email: 'oz@example.test', name: 'Oz', password: PASSWORD });
    ina = await signedIn('ina@example.test');
  });

  test('pages need a signed-in instructor', async () => {
    const anonymous = new BrowserLike(fetcher);
    const answer = await anonymous.request('/cohorts');
    assert.equal(answer.status, 303);
    assert.equal(answer.headers.get('location'), '/login?next=%2Fcohorts');
  });

  test('an instructor creates a cohort and sees its join link', async () => {
    const empty = await ina.page('/cohorts');
    assert.match(empty.html, /You have no cohort yet/);
    assert.equal((await post(ina, '/cohorts', '/cohorts', { name: '  ' })).status, 400);
    const created = await post(ina, '/cohorts', '/cohorts', { name: 'Autumn 2026 (Paris)' });
    assert.equal(created.status, 303);
    cohortId = created.headers.get('location')!.replace('/cohorts/', '');
    const overview = await ina.page(`/cohorts/${cohortId}`);
    assert.equal(overview.status, 200);
    const [{ join_code }] = (await db.query<{ join_code: string }>('SELECT join_code FROM cohorts WHERE id = $1', [cohortId])) as [{ join_code: string }];
    assert.ok(overview.html.includes(`value="http://localhost/join/${join_code}"`), 'the join link, at the request’s origin');
    assert.match((await ina.page('/cohorts')).html, /Autumn 2026 \(Paris\)/);
  });

  test('a roster imports from pasted CSV; a bad one is refused whole, line by line; a file re-imports and updates', async () => {
    const good = await post(ina, `/cohorts/${cohortId}`, `/cohorts/${cohortId}/roster`, { csv: 'name,email,id\nAda,ada@example.test,S1\nBo,bo@example.test\nCy,cy@example.test' });
    assert.equal(good.status, 303);
    const after = await ina.page(good.headers.get('location')!);
    assert.match(after.html, /Roster imported: 3 added, 0 updated/);
    assert.match(after.html, /Roster \(3 learners\)/);

    const bad = await post(ina, `/cohorts/${cohortId}`, `/cohorts/${cohortId}/roster`, { csv: 'Dee,dee@example.test\nEd\nFay,fay-at-example' });
    assert.equal(bad.status, 422);
    const refused = await bad.text();
    assert.match(refused, /Nothing was imported: 2 lines need fixing/);
    assert.match(refused, /Line 2: 1 column; expected name,email or name,email,id/);
    assert.match(refused, /Line 3: &quot;fay-at-example&quot; is not an email address/);
    assert.match(refused, /<textarea[^>]*>Dee,dee@example.test/, 'the pasted text comes back to be fixed');
    assert.equal((await learnersOf(db, cohortId)).length, 3, 'Dee, on a good line, was not imported either');

    // The upload path: multipart with a file, as the form sends it.
    const { html } = await ina.page(`/cohorts/${cohortId}`);
    const form = new FormData();
    form.set('_csrf', html.match(/name="_csrf" value="([^"]*)"/)![1]!);
    form.set('csv', '');
    form.set('file', new File(['Ada Lovelace,ADA@example.test,S1-b\nDee,dee@example.test\n'], 'roster.csv', { type: 'text/csv' }));
    const uploaded = await ina.request(`/cohorts/${cohortId}/roster`, { method: 'POST', headers: { origin: ina.origin }, body: form });
    assert.equal(uploaded.status, 303);
    assert.match(uploaded.headers.get('location')!, /added=1&updated=1/);
    const learners = await learnersOf(db, cohortId);
    assert.deepEqual(learners.map((l) => [l.name, l.email, l.externalId]), [
      ['Ada Lovelace', 'ada@example.test', 'S1-b'],
      ['Bo', 'bo@example.test', null],
      ['Cy', 'cy@example.test', null],
      ['Dee', 'dee@example.test', null],
    ]);
    for (const one of learners) learner[one.name.split(' ')[0]!] = one;
    const page = await ina.page(`/cohorts/${cohortId}`);
    assert.match(page.html, /roster imported<\/td><td>1 added, 1 updated \(from a file\)/, 'the audit log records imports');
  });

  test('labs are assigned with a UTC deadline and a late policy, changed, and unassigned', async () => {
    const from = `/cohorts/${cohortId}`;
    const assign = (lab: string, deadline: string, latePolicy: string) => post(ina, from, `/cohorts/${cohortId}/assignments`, { lab, deadline, latePolicy });
    assert.equal((await assign(LAB1, '', 'accept')).status, 303);
    assert.equal((await assign(LAB2, '2020-01-01T00:00', 'refuse')).status, 303);
    assert.equal((await assign(LAB3, '2020-01-01T00:00', 'accept')).status, 303);
    assert.equal((await assign(LAB3, '2020-01-02T09:30', 'accept-and-flag')).status, 303, 'assigning again changes it');
    assert.equal((await assign(LAB4, '2020-01-01T00:00', 'accept')).status, 303);
    assert.equal((await assign('05-metrics', '', 'accept')).status, 303);
    assert.equal((await assign(LAB1, 'next friday', 'accept')).status, 400);
    assert.equal((await assign('99-nope', '', 'accept')).status, 400);
    assert.equal((await assign(LAB1, '', 'sometimes')).status, 400);
    const unassigned = await post(ina, from, `/cohorts/${cohortId}/assignments/05-metrics/unassign`, {});
    assert.equal(unassigned.status, 303);
    assert.deepEqual(await assignmentsOf(db, cohortId), [
      { lab: LAB1, deadline: null, latePolicy: 'accept' },
      { lab: LAB2, deadline: Date.UTC(2020, 0, 1), latePolicy: 'refuse' },
      { lab: LAB3, deadline: Date.UTC(2020, 0, 2, 9, 30), latePolicy: 'accept-and-flag' },
      { lab: LAB4, deadline: Date.UTC(2020, 0, 1), latePolicy: 'accept' },
    ]);
    const page = await ina.page(from);
    assert.match(page.html, /2020-01-02 09:30 UTC/);
    assert.match(page.html, /assignment changed<\/td><td>03-graceful-shutdown: deadline 2020-01-02 09:30 UTC, accept late work and flag it \(was: deadline 2020-01-01 00:00 UTC, accept late work\)/);
    assert.match(page.html, /lab unassigned/);
  });

  test('a change without the form’s token, with a wrong one, or from another site is refused', async () => {
    const before = (await db.query('SELECT id FROM cohorts')).length;
    const noToken = await ina.request('/cohorts', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ina.origin }, body: 'name=Sneaky' });
    assert.equal(noToken.status, 403);
    const wrong = await ina.request('/cohorts', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ina.origin }, body: '_csrf=guess&name=Sneaky' });
    assert.equal(wrong.status, 403);
    const { html } = await ina.page('/cohorts');
    const foreign = await ina.submit('/cohorts', { name: 'Sneaky' }, html, 'https://evil.example');
    assert.equal(foreign.status, 403);
    const notes = await ina.submit(`/cohorts/${cohortId}/notes`, { notes: 'x' }, '', ina.origin);
    assert.equal(notes.status, 403);
    assert.equal((await db.query('SELECT id FROM cohorts')).length, before, 'nothing was created');
  });

  test('the gradebook shows each counted grade with its state in words, late work per policy, and the checks behind it', async () => {
    const { Ada, Bo, Cy } = learner as Record<string, Learner>;
    submission.ada1 = await graded(Ada!, LAB1, ['a', 'b'], []);
    submission.ada2 = await graded(Ada!, LAB2, ['a', 'b'], []); // late under "refuse": counts for nothing
    submission.ada3 = await graded(Ada!, LAB3, ['a'], ['b']); // late under "accept and flag"
    submission.ada4 = await graded(Ada!, LAB4, ['a', 'b'], []); // late under "accept"
    submission.bo1old = await graded(Bo!, LAB1, [], ['a', 'b', 'c']);
    submission.bo1 = await graded(Bo!, LAB1, ['a'], ['b', 'c'], 'oldchecks123');
    submission.cy1 = (await storeSubmission(db, { learnerId: Cy!.id, lab: LAB1, files: new Map([['src/x.ts', '']]), late: false, source: 'workspace', checksVersion: version(LAB1) })).submission.id;

    const { status, html } = await ina.page(`/cohorts/${cohortId}/gradebook`);
    assert.equal(status, 200);
    assert.deepEqual(namesIn(html), ['Ada Lovelace', 'Bo', 'Cy', 'Dee']);
    const ada = rowOf(html, 'Ada Lovelace');
    assert.match(ada, new RegExp(`href="/cohorts/${cohortId}/submissions/${submission.ada1}"><span class="mark" aria-hidden="true">✓</span> <span class="score">4/4</span><span class="vh"> all checks pass: Ada Lovelace, ${LAB1}, details`));
    assert.match(ada, /<td class="cell cell-missing">— <small>only late work, refused<\/small><\/td>/);
    assert.match(ada, /<td class="cell cell-fail">.*✗.*2\/4.*<small class="flag">⚑ late<\/small>/s);
    assert.equal(ada.match(/⚑ late/g)?.length, 1, 'late under "accept" is counted without a flag');
    assert.match(ada, new RegExp(`checks ${version(LAB1).slice(0, 7)}`));
    assert.match(ada, new RegExp(`<strong>10/${4 + maxPoints(LAB2) + 4 + 4}</strong>`), 'the maximum counts the refused lab’s points');
    assert.match(rowOf(html, 'Bo'), /2\/6.*<small>older checks<\/small>/s);
    assert.match(rowOf(html, 'Cy'), /<td class="cell cell-pending">.*….*details.*<small>queued<\/small>/s);
    assert.match(rowOf(html, 'Dee'), /<small>no submission<\/small>/);
    const lab1Stats = html.slice(html.indexOf(`id="stats-${LAB1}"`), html.indexOf(`id="stats-${LAB2}"`));
    assert.match(lab1Stats, /<li>b <code>b<\/code>: fails for 1 of 2<\/li><li>c <code>c<\/code>: fails for 1 of 1<\/li><\/ol>/, 'the checks that fail most, with counts');
  });

  test('another instructor finds none of this cohort', async () => {
    const oz = await signedIn('oz@example.test');
    for (const path of ['', '/gradebook', '/gradebook.csv', '/gradebook.json']) {
      assert.equal((await oz.page(`/cohorts/${cohortId}${path}`)).status, 404, path || 'overview');
    }
    const { html } = await oz.page('/cohorts');
    assert.doesNotMatch(html, /Autumn 2026/);
    assert.equal((await oz.submit(`/cohorts/${cohortId}/roster`, { csv: 'Mal,mal@example.test' }, html)).status, 404);
    assert.equal((await oz.submit(`/cohorts/${cohortId}/regrade`, { scope: 'all' }, html)).status, 404);
    assert.equal((await oz.submit(`/cohorts/${cohortId}/learners/${learner.Bo!.id}/token`, {}, html)).status, 404);
    assert.equal((await learnersOf(db, cohortId)).length, 4);
    assert.equal((await oz.page(`/cohorts/${cohortId}/submissions/${submission.bo1}`)).status, 404, 'nor its submissions');
  });

  test('the gradebook sorts by any column and filters by name, email and state', async () => {
    const base = `/cohorts/${cohortId}/gradebook`;
    const byTotal = await ina.page(`${base}?sort=total&dir=desc`);
    assert.deepEqual(namesIn(byTotal.html), ['Ada Lovelace', 'Bo', 'Cy', 'Dee']);
    assert.match(byTotal.html, /<th scope="col" aria-sort="descending"><a href="\?sort=total&amp;dir=asc"><span class="vh">Sort by <\/span>Total<\/a>/);
    assert.deepEqual(namesIn((await ina.page(`${base}?sort=total&dir=asc`)).html), ['Cy', 'Dee', 'Bo', 'Ada Lovelace']);
    assert.deepEqual(namesIn((await ina.page(`${base}?sort=${LAB1}&dir=asc`)).html), ['Cy', 'Dee', 'Bo', 'Ada Lovelace'], 'nothing counted sorts below zero');
    assert.deepEqual(namesIn((await ina.page(`${base}?sort=name&dir=desc`)).html), ['Dee', 'Cy', 'Bo', 'Ada Lovelace']);
    assert.deepEqual(namesIn((await ina.page(`${base}?q=BO%40`)).html), ['Bo'], 'by email, any case');
    assert.deepEqual(namesIn((await ina.page(`${base}?show=late`)).html), ['Ada Lovelace']);
    assert.deepEqual(namesIn((await ina.page(`${base}?show=failing`)).html), ['Ada Lovelace', 'Bo']);
    const filtered = await ina.page(`${base}?show=missing&q=d&sort=total&dir=desc`);
    assert.deepEqual(namesIn(filtered.html), ['Ada Lovelace', 'Dee']);
    assert.match(filtered.html, /Showing 2 of 4 learners/);
    assert.match(filtered.html, /<option value="missing" selected>/);
    assert.match(filtered.html, /<input type="hidden" name="sort" value="total">/, 'filtering keeps the sort');
    assert.equal((await ina.page(`${base}?sort=<script>&dir=sideways&show=odd`)).status, 200, 'unknown parameters fall back');
  });

  test('the CSV is one row per learner for an LMS, counting late work as each policy says', async () => {
    const answer = await ina.request(`/cohorts/${cohortId}/gradebook.csv`);
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type')!, /^text\/csv/);
    assert.equal(answer.headers.get('content-disposition'), 'attachment; filename="autumn-2026-paris-gradebook.csv"');
    const rows = parse(await answer.text(), { columns: true }) as Record<string, string>[];
    assert.deepEqual(Object.keys(rows[0]!), ['name', 'email', 'id', LAB1, LAB2, LAB3, LAB4, 'total', 'max_total']);
    assert.deepEqual(rows[0], { name: 'Ada Lovelace', email: 'ada@example.test', id: 'S1-b', [LAB1]: '4', [LAB2]: '', [LAB3]: '2', [LAB4]: '4', total: '10', max_total: String(4 + maxPoints(LAB2) + 4 + 4) });
    assert.deepEqual(rows[1], { name: 'Bo', email: 'bo@example.test', id: '', [LAB1]: '2', [LAB2]: '', [LAB3]: '', [LAB4]: '', total: '2', max_total: String(6 + maxPoints(LAB2) + maxPoints(LAB3) + maxPoints(LAB4)) });
    assert.equal(rows[2]![LAB1], '', 'a submission not graded yet has no score');
  });

  test('the JSON has every cell’s detail', async () => {
    const answer = await ina.request(`/cohorts/${cohortId}/gradebook.json`);
    assert.equal(answer.status, 200);
    const body = (await answer.json()) as { labs: { lab: string; latePolicy: string }[]; learners: { name: string; cells: Record<string, Record<string, unknown>> }[] };
    assert.deepEqual(body.labs.map((lab) => [lab.lab, lab.latePolicy]), [[LAB1, 'accept'], [LAB2, 'refuse'], [LAB3, 'accept-and-flag'], [LAB4, 'accept']]);
    const ada = body.learners.find((one) => one.name === 'Ada Lovelace')!;
    assert.deepEqual(ada.cells[LAB3], { score: 2, max: 4, late: true, flagged: true, status: 'graded', notes: ['late'], checksVersion: version(LAB3), olderChecks: false, submissionId: submission.ada3 });
    assert.equal(ada.cells[LAB2]!.status, 'late-refused');
    assert.deepEqual(ada.cells[LAB4]!.late, true);
    assert.deepEqual(ada.cells[LAB4]!.flagged, false);
    const bo = body.learners.find((one) => one.name === 'Bo')!;
    assert.equal(bo.cells[LAB1]!.olderChecks, true);
    assert.equal(body.learners.find((one) => one.name === 'Cy')!.cells[LAB1]!.status, 'queued');
  });

  test('the drill-down shows the report with failures first, the checks version, the files and the other submissions', async () => {
    const { status, html } = await ina.page(`/cohorts/${cohortId}/submissions/${submission.bo1}`);
    assert.equal(status, 200);
    assert.match(html, /<h1>Bo: 01-configuration<\/h1>/);
    assert.match(html, /from the cli/);
    assert.match(html, /<strong>graded with older checks<\/strong>: version oldchecks123/);
    assert.ok(html.indexOf('Expected b to hold') < html.indexOf('✓ passed'), 'failed checks come first');
    assert.match(html, /Hint: Lesson, section/);
    assert.match(html, /<summary><code>src\/x.ts<\/code>/);
    assert.ok(html.includes(`href="/cohorts/${cohortId}/submissions/${submission.bo1old}"`), 'the earlier submission is linked');
    assert.match(html, /yes: this is the submission the gradebook counts/);
    const late = await ina.page(`/cohorts/${cohortId}/submissions/${submission.ada2}`);
    assert.match(late.html, /⚑ yes<\/span>: the deadline was 2020-01-01 00:00 UTC; late work: refuse/);
    assert.match(late.html, /no: another submission \(or none\) counts/);
    assert.equal((await ina.page(`/cohorts/${cohortId}/submissions/nope`)).status, 404);
  });

  test('regrading queues new jobs with the current checks, hands them to the graders, skips what is waiting, and is audited', async () => {
    const from = `/cohorts/${cohortId}/submissions/${submission.bo1}`;
    const regrade = (fields: Record<string, string>) => post(ina, from, `/cohorts/${cohortId}/regrade`, fields);
    const one = await regrade({ scope: 'submission', submission: submission.bo1! });
    assert.equal(one.status, 303);
    assert.equal(one.headers.get('location'), `${from}?done=regrade&queued=1&waiting=0`);
    assert.equal(dispatched.length, 1);
    const [job] = await db.query<{ checks_version: string; submission_id: string }>('SELECT checks_version, submission_id FROM grading_jobs WHERE id = $1', [dispatched[0]!]);
    assert.deepEqual({ ...job }, { checks_version: version(LAB1), submission_id: submission.bo1 });
    assert.match((await regrade({ scope: 'submission', submission: submission.bo1! })).headers.get('location')!, /queued=0&waiting=1/);
    assert.match(rowOf((await ina.page(`/cohorts/${cohortId}/gradebook`)).html, 'Bo'), /2\/6.*<small>regrade queued<\/small>/s, 'the old grade shows until the new one');

    // Lab 01's counted submissions: Ada's is queued; Bo's and Cy's are already waiting.
    assert.match((await regrade({ scope: 'lab', lab: LAB1 })).headers.get('location')!, /\/gradebook\?done=regrade&queued=1&waiting=2$/);
    // Everything counted: Ada's labs 03 and 04 (her 02 counts for nothing under "refuse").
    const all = await regrade({ scope: 'all' });
    assert.match(all.headers.get('location')!, /queued=2&waiting=3$/);
    assert.equal(dispatched.length, 4);
    assert.match((await ina.page(all.headers.get('location')!)).html, /Regrade: 2 submissions queued, 3 already waiting for grading/);
    assert.equal((await regrade({ scope: 'lab', lab: '05-metrics' })).status, 404, 'a lab not assigned');
    assert.equal((await regrade({ scope: 'sideways' })).status, 400);
    const audit = (await ina.page(`/cohorts/${cohortId}`)).html;
    assert.match(audit, /regrade queued<\/td><td>counted submissions of every lab: 2 queued, 3 already waiting/);
    assert.match(audit, /regrade queued<\/td><td>submission of 01-configuration by Bo &lt;bo@example.test&gt;: 1 queued/);
  });

  test('resetting a token shows the new one once, replaces the old, and is audited', async () => {
    const { Bo } = learner as Record<string, Learner>;
    const reset = await post(ina, `/cohorts/${cohortId}`, `/cohorts/${cohortId}/learners/${Bo!.id}/token`, {});
    assert.equal(reset.status, 200);
    assert.equal(reset.headers.get('cache-control'), 'no-store');
    const html = await reset.text();
    const token = html.match(/<code class="token" id="issued-token">([^<]+)<\/code>/)?.[1];
    assert.ok(token);
    assert.equal((await learnerByToken(db, token))?.id, Bo!.id);
    const later = await ina.page(`/cohorts/${cohortId}`);
    assert.ok(!later.html.includes(token), 'not shown again');
    assert.match(later.html, /token reset<\/td><td>Bo &lt;bo@example.test&gt;/);
  });

  test('notes are saved', async () => {
    const saved = await post(ina, `/cohorts/${cohortId}`, `/cohorts/${cohortId}/notes`, { notes: 'Bo asked for an extension <until Friday>' });
    assert.equal(saved.status, 303);
    const { html } = await ina.page(saved.headers.get('location')!);
    assert.match(html, /Notes saved/);
    assert.match(html, /<textarea id="notes"[^>]*>Bo asked for an extension &lt;until Friday&gt;<\/textarea>/);
  });
});
