/**
 * The cohort server's doors: instructor sign-in (cookies, CSRF, rate limit, no open redirect), learners
 * joining with the link, the submission API's contract (docs/cohorts.md) with every refusal, CORS for the
 * course site only, and a learner seeing only their own work.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { createCohortApp } from '../../src/cohort/server/app.ts';
import { createInstructor } from '../../src/cohort/store/accounts.ts';
import { assignLab, createCohort, importRoster, issueToken, learnersOf } from '../../src/cohort/store/cohorts.ts';
import type { Database } from '../../src/cohort/db/database.ts';
import { BrowserLike } from './browser-like.ts';
import { freshSqlite } from './databases.ts';

const PASSWORD = 'correct horse battery staple';
const COURSE = 'http://localhost:4321';

describe('cohort server', () => {
  let db: Database;
  let app: ReturnType<typeof createCohortApp>;
  let dispatched: string[];
  let joinCode: string;
  let cohortId: string;

  const fetcher = (path: string, init?: RequestInit) => Promise.resolve(app.request(`http://localhost${path}`, init));

  before(async () => {
    ({ db } = await freshSqlite());
    dispatched = [];
    app = createCohortApp({ db, dispatch: { dispatched: async (ids) => void dispatched.push(...ids) }, allowedOrigins: [COURSE], trustProxy: false });
    const instructor = await createInstructor(db, { email: 'ina@example.test', name: 'Ina', password: PASSWORD });
    const cohort = await createCohort(db, instructor.id, 'Autumn');
    joinCode = cohort.joinCode;
    cohortId = cohort.id;
    await importRoster(db, cohort.id, [{ name: 'Ada', email: 'ada@example.test' }, { name: 'Bo', email: 'bo@example.test' }, { name: 'Cy', email: 'cy@example.test' }]);
    await assignLab(db, cohort.id, { lab: '01-configuration', deadline: null, latePolicy: 'accept' });
    await assignLab(db, cohort.id, { lab: '02-environment', deadline: Date.now() - 1000, latePolicy: 'refuse' });
  });

  async function join(email: string): Promise<{ browser: BrowserLike; token: string }> {
    const browser = new BrowserLike(fetcher);
    const form = await browser.page(`/join/${joinCode}`);
    assert.equal(form.status, 200);
    const joined = await browser.submit(`/join/${joinCode}`, { email }, form.html);
    const html = await joined.text();
    assert.equal(joined.status, 200, html);
    const token = html.match(/<pre id="token">([^<]+)<\/pre>/)?.[1];
    assert.ok(token, 'the token is shown');
    return { browser, token };
  }

  const api = (token: string | undefined, path: string, init: RequestInit = {}) =>
    fetcher(`/api/v1${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });

  test('an instructor signs in with a Secure, HttpOnly, SameSite cookie, and a wrong password gets the same answer as an unknown email', async () => {
    const browser = new BrowserLike(fetcher);
    const login = await browser.page('/login');
    // Chromium sends `Origin: null` on form posts under no-referrer, which the CSRF check refuses.
    assert.equal(login.response.headers.get('referrer-policy'), 'same-origin');
    const wrong = await browser.submit('/login', { email: 'ina@example.test', password: 'wrong password!!' }, login.html);
    const unknown = await browser.submit('/login', { email: 'nobody@example.test', password: PASSWORD }, login.html);
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(await wrong.text().then((t) => t.includes('do not match')), true);
    const ok = await browser.submit('/login', { email: 'ina@example.test', password: PASSWORD, next: 'https://evil.example/' }, login.html);
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), '/cohorts', 'a foreign next= is not followed');
    const cookie = ok.headers.getSetCookie().find((line) => line.startsWith('operable_session='));
    assert.match(cookie ?? '', /HttpOnly/);
    assert.match(cookie ?? '', /Secure/);
    assert.match(cookie ?? '', /SameSite=Lax/);
    const stored = await db.query<{ id_hash: string }>('SELECT id_hash FROM sessions');
    const sessionId = cookie!.split(';')[0]!.split('=')[1]!;
    assert.ok(stored.every((row) => row.id_hash !== sessionId), 'only a hash of the session id is stored');
  });

  test('a form without the CSRF token, or from another site, is refused', async () => {
    const browser = new BrowserLike(fetcher);
    const login = await browser.page('/login');
    await browser.submit('/login', { email: 'ina@example.test', password: PASSWORD }, login.html);
    const noToken = await browser.request('/logout', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: browser.origin }, body: '' });
    assert.equal(noToken.status, 403);
    const page = await browser.page('/me/sign-in');
    const foreign = await browser.submit('/logout', {}, page.html.replace(/value="[^"]*"/, 'value="x"'), 'https://evil.example');
    assert.equal(foreign.status, 403);
    assert.match(await foreign.text(), /another site/);
  });

  test('sign-in is limited to 10 attempts per address in 15 minutes', async () => {
    const limited = createCohortApp({ db, dispatch: { dispatched: async () => {} }, allowedOrigins: [], trustProxy: false });
    const browser = new BrowserLike((path, init) => Promise.resolve(limited.request(`http://localhost${path}`, init)));
    const login = await browser.page('/login');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await browser.submit('/login', { email: 'ina@example.test', password: 'not it at all' }, login.html)).status);
    assert.deepEqual(statuses, [...Array(10).fill(401), 429]);
  });

  test('a learner on the roster joins once; an email not on it, or a second join, is refused', async () => {
    const { token } = await join('ada@example.test');
    assert.match(token, /^opl_/);
    const again = new BrowserLike(fetcher);
    const form = await again.page(`/join/${joinCode}`);
    assert.equal((await again.submit(`/join/${joinCode}`, { email: 'ada@example.test' }, form.html)).status, 409);
    assert.equal((await again.submit(`/join/${joinCode}`, { email: 'mallory@example.test' }, form.html)).status, 403);
    assert.equal((await again.page('/join/not-a-code')).status, 404);
  });

  test('the API answers who the learner is, and takes a submission of the editable files', async () => {
    const { token } = await join('bo@example.test');
    const me = await api(token, '/me');
    assert.equal(me.status, 200);
    const body = (await me.json()) as { learner: { name: string }; cohort: { name: string }; assignments: { lab: string; latePolicy: string }[] };
    assert.equal(body.learner.name, 'Bo');
    assert.equal(body.cohort.name, 'Autumn');
    assert.deepEqual(body.assignments.map((a) => a.lab), ['01-configuration', '02-environment']);

    const sent = await api(token, '/submissions', { method: 'POST', body: JSON.stringify({ lab: '01-configuration', files: { 'src/config.ts': 'export {}' } }) });
    assert.equal(sent.status, 202);
    const receipt = (await sent.json()) as { id: string; status: string; statusUrl: string; late: boolean };
    assert.equal(receipt.status, 'queued');
    assert.equal(receipt.late, false);
    assert.equal(sent.headers.get('location'), receipt.statusUrl);
    assert.equal(dispatched.length, 1, 'the job was handed to the graders');
    const status = await api(token, `/submissions/${receipt.id}`);
    assert.equal(((await status.json()) as { status: string }).status, 'queued');

    const [, , cy] = await learnersOf(db, cohortId);
    const other = await join(cy!.email);
    assert.equal((await api(other.token, `/submissions/${receipt.id}`)).status, 404, 'another learner cannot read it');
  });

  test('every refusal of the API is a problem that says what to do', async () => {
    // Cy joined in the test before; a fresh token, as an instructor's reset gives one.
    const [, , cy] = await learnersOf(db, cohortId);
    const tokenOf = await issueToken(db, cy!.id);
    const cases: [string, RequestInit, number, RegExp][] = [
      ['no token', {}, 401, /No token/],
      ['bad token', { headers: { authorization: 'Bearer opl_nope' } }, 401, /Unknown token/],
      ['malformed', { body: '{"lab":' }, 400, /Malformed/],
      ['unknown lab', { body: JSON.stringify({ lab: '99-nope', files: {} }) }, 422, /Unknown lab/],
      ['not editable', { body: JSON.stringify({ lab: '01-configuration', files: { 'package.json': '{}' } }) }, 422, /Not an editable file/],
      ['not assigned', { body: JSON.stringify({ lab: '03-graceful-shutdown', files: { 'src/shutdown.ts': '' } }) }, 403, /not assigned/],
      ['late under refuse', { body: JSON.stringify({ lab: '02-environment', files: { 'src/env.ts': '' } }) }, 403, /Past the deadline/],
      ['file too large', { body: JSON.stringify({ lab: '01-configuration', files: { 'src/config.ts': 'x'.repeat(300 * 1024) } }) }, 413, /File too large/],
      ['body too large', { body: JSON.stringify({ lab: '01-configuration', files: { 'src/config.ts': 'x'.repeat(1100 * 1024) } }) }, 413, /too large/],
    ];
    for (const [name, init, status, title] of cases) {
      const headers = { ...(name === 'no token' ? {} : { authorization: `Bearer ${tokenOf}` }), ...(init.headers as Record<string, string>) };
      const response = await fetcher('/api/v1/submissions', { method: 'POST', ...init, headers: { 'content-type': 'application/json', ...headers } });
      assert.equal(response.status, status, name);
      assert.equal(response.headers.get('content-type'), 'application/problem+json', name);
      const problem = (await response.json()) as { title: string; detail: string };
      assert.match(problem.title, title, name);
      assert.ok(problem.detail.length > 20, `${name}: a detail that says what to do`);
    }
  });

  test('a learner may submit 10 times a minute; the 11th waits, with Retry-After', async () => {
    const [ada] = await learnersOf(db, cohortId);
    const token = await issueToken(db, ada!.id);
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 11; i++) {
      last = await api(token, '/submissions', { method: 'POST', body: JSON.stringify({ lab: '01-configuration', files: { 'src/config.ts': `// ${i}` } }) });
      statuses.push(last.status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(202), 429]);
    assert.equal(last!.headers.get('retry-after'), '60');
  });

  test('CORS lets the course site call the API, and no other origin', async () => {
    const preflight = (origin: string) =>
      fetcher('/api/v1/submissions', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    const allowed = await preflight(COURSE);
    assert.equal(allowed.headers.get('access-control-allow-origin'), COURSE);
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /authorization/i);
    const other = await preflight('https://evil.example');
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  test('a learner’s pages show only their own work', async () => {
    const ada = new BrowserLike(fetcher);
    const [adaRow, boRow] = await learnersOf(db, cohortId);
    const signIn = await ada.page('/me/sign-in');
    const signed = await ada.submit('/me/sign-in', { token: await issueToken(db, adaRow!.id) }, signIn.html);
    assert.equal(signed.status, 303);
    const mine = await ada.page('/me');
    assert.equal(mine.status, 200);
    assert.match(mine.html, /Your work in Autumn/);
    const [boSubmission] = await db.query<{ id: string }>('SELECT id FROM submissions WHERE learner_id = $1', [boRow!.id]);
    assert.ok(boSubmission, 'Bo has a submission');
    assert.equal((await ada.page(`/me/submissions/${boSubmission.id}`)).status, 404);
    assert.equal((await ada.page('/cohorts')).status, 303, 'a learner is no instructor');
  });
});
