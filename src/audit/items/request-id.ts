/**
 * @module
 * Request ids: a caller's `X-Request-Id` kept, one made when there is none, and an id no log should
 * carry (too long, odd characters) replaced rather than echoed.
 */
import { expectThat } from '../../engine/check.ts';
import { defineItem, LESSONS } from '../item.ts';
import { answer, header, isResponse } from './describe.ts';

const teachesIt = { ...LESSONS.checklist, section: 'request-ids' };

export const requestIdKept = defineItem({
  id: 'request.id-kept',
  title: 'A caller\'s X-Request-Id comes back on the response',
  teachesIt,
  async run({ client, paths, step, token }) {
    const id = `audit-${token()}`;
    step(`GET ${paths.route} with X-Request-Id: ${id}`);
    const outcome = await client.request(paths.route, { headers: { 'x-request-id': id } });
    expectThat(isResponse(outcome) && header(outcome, 'x-request-id') === id, `the response to carry X-Request-Id: ${id}, the id the caller sent`, () =>
      isResponse(outcome) ? `X-Request-Id ${JSON.stringify(header(outcome, 'x-request-id') ?? null)} (${answer(outcome, 0)})` : answer(outcome),
    );
  },
});

export const requestIdMade = defineItem({
  id: 'request.id-made',
  title: 'A request without an id gets one, on the response (and in its log lines)',
  teachesIt,
  async run({ client, paths, step }) {
    step(`two GET ${paths.route} without X-Request-Id`);
    const first = await client.request(paths.route);
    const second = await client.request(paths.route);
    const ids = [first, second].map((outcome) => header(outcome, 'x-request-id'));
    expectThat(Boolean(ids[0] && ids[1] && ids[0] !== ids[1]), 'each response to carry an X-Request-Id of its own', () =>
      isResponse(first) ? `X-Request-Id ${JSON.stringify(ids[0] ?? null)} then ${JSON.stringify(ids[1] ?? null)}` : answer(first),
    );
  },
});

export const requestIdUntrustedReplaced = defineItem({
  id: 'request.id-untrusted-replaced',
  title: 'An X-Request-Id too long or with odd characters is replaced, not echoed into logs',
  teachesIt,
  async run({ client, paths, step }) {
    const hostile = `${'x'.repeat(300)}"}{`;
    step(`GET ${paths.route} with a 303-character X-Request-Id ending in "}{`);
    const outcome = await client.request(paths.route, { headers: { 'x-request-id': hostile } });
    const echoed = header(outcome, 'x-request-id');
    expectThat(isResponse(outcome) && echoed !== undefined && echoed !== hostile && echoed.length <= 255, 'a fresh id of at most 255 characters instead of the one sent', () =>
      isResponse(outcome) ? (echoed === hostile ? 'the 303-character id echoed as it was' : `X-Request-Id ${JSON.stringify(echoed ?? null)}`) : answer(outcome),
    );
  },
});
