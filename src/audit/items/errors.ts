/**
 * @module
 * Errors as the caller reads them: `application/problem+json` (RFC 9457) with the status in the body,
 * a client's malformed request answered 4xx (never 5xx), and no stack trace or file path in any answer.
 */
import { expectThat, fail } from '../../engine/check.ts';
import type { HttpOutcome } from '../../engine/harness.ts';
import { defineItem, LESSONS } from '../item.ts';
import { answer, header, isResponse } from './describe.ts';

const teachesIt = { ...LESSONS.checklist, section: 'errors' };

/** Node's stack frames ("at fn (file:///…:12:3)") and the paths they name. */
const INTERNALS = /^\s*at .+:\d+:\d+\)?\s*$|\bat (?:async )?[\w.<>]+ \((?:file:\/\/|node:|\/)[^)]*:\d+:\d+\)|node_modules\/|node:internal\//m;

export function leaksInternals(body: string): boolean {
  return INTERNALS.test(body) || INTERNALS.test(body.replaceAll('\\n', '\n'));
}

/** Whether an answer is an RFC 9457 problem for `status`: its Content-Type, "status" and a "title" that says something. */
export function isProblem(outcome: HttpOutcome, status: number): boolean {
  if (!isResponse(outcome) || outcome.status !== status || !(header(outcome, 'content-type') ?? '').startsWith('application/problem+json')) return false;
  try {
    const body = JSON.parse(outcome.body) as { status?: unknown; title?: unknown };
    return body.status === status && typeof body.title === 'string' && body.title.trim() !== '';
  } catch {
    return false;
  }
}

export const problemJson = defineItem({
  id: 'errors.problem-json',
  title: 'An error answers application/problem+json with its status and a title',
  teachesIt,
  async run({ client, step, token }) {
    const path = `/operable-audit-missing-${token()}`;
    // As an API client asks: a browser asking for HTML may get an error page.
    step(`GET ${path} with Accept: application/json`);
    const outcome = await client.request(path, { headers: { accept: 'application/json' } });
    if (!isResponse(outcome)) fail(`a 404 for ${path}`, answer(outcome));
    const type = header(outcome, 'content-type') ?? '';
    expectThat(
      isProblem(outcome, 404),
      `GET ${path} (no such route, Accept: application/json) to answer 404 with Content-Type application/problem+json and a body with "status": 404 and a "title" that says something`,
      () => `${answer(outcome)} (Content-Type ${type || 'none'})`,
    );
  },
});

export const clientMistakesAre4xx = defineItem({
  id: 'errors.client-mistakes-are-4xx',
  title: 'A malformed request (bad percent-encoding, broken JSON) is the caller\'s mistake: 4xx, not 5xx',
  teachesIt,
  async run({ client, paths, step }) {
    const tries: Array<[string, () => Promise<HttpOutcome>]> = [
      ['GET with a malformed percent-encoding', () => client.request(`${paths.route.replace(/\/$/, '')}/%E0%A4%A`)],
      [`POST ${paths.post ?? paths.route} with broken JSON`, () => client.request(paths.post ?? paths.route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"unfinished": ' })],
    ];
    for (const [what, send] of tries) {
      step(what);
      const outcome = await send();
      expectThat(isResponse(outcome) && outcome.status < 500, `${what} to get a 4xx (or any answer that is not a server error)`, () => answer(outcome));
    }
  },
});

export const noStackTrace = defineItem({
  id: 'errors.no-stack-trace',
  title: 'No answer, even to a malformed request, shows a stack trace or a file path',
  teachesIt,
  async run({ client, paths, step, token }) {
    const tries: Array<[string, () => Promise<HttpOutcome>]> = [
      ['no such route', () => client.request(`/operable-audit-missing-${token()}`)],
      ['a malformed percent-encoding', () => client.request(`${paths.route.replace(/\/$/, '')}/%E0%A4%A`)],
      ['broken JSON', () => client.request(paths.post ?? paths.route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"unfinished": ' })],
      ['a method the route does not take', () => client.request(paths.route, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '[]' })],
    ];
    for (const [what, send] of tries) {
      step(what);
      const outcome = await send();
      expectThat(!isResponse(outcome) || !leaksInternals(outcome.body), `the answer to ${what} to say what went wrong without the server's internals`, () => answer(outcome, 400));
    }
  },
});
