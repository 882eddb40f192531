/**
 * @module
 * A body-size limit at the edge: a body larger than any route takes is refused with 413 from its
 * Content-Length, before the service reads (and buffers) it.
 */
import { expectThat } from '../../engine/check.ts';
import { defineItem, LESSONS } from '../item.ts';
import { answer, isResponse } from './describe.ts';

const OVERSIZED_BYTES = 10 * 1024 * 1024;

export const bodyLimit = defineItem({
  id: 'limits.body-too-large',
  title: 'A 10 MiB body is refused with 413 before the service reads it',
  teachesIt: { ...LESSONS.checklist, section: 'limits' },
  timeoutMs: 15_000,
  async run({ client, paths, step, measure }) {
    step(`POST ${paths.route} with a 10 MiB body`);
    const outcome = await client.request(paths.route, { method: 'POST', headers: { 'content-type': 'application/json' }, bodyBytes: OVERSIZED_BYTES, timeoutMs: 10_000 });
    if (isResponse(outcome)) measure('answeredAfterMs', outcome.durationMs);
    expectThat(isResponse(outcome) && outcome.status === 413, `POST ${paths.route} with Content-Length ${OVERSIZED_BYTES} to answer 413 Content Too Large (a body limit in front of every route)`, () => answer(outcome));
  },
});
