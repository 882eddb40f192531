/**
 * @module
 * Trace context at the edge. Whether a service continues a caller's trace shows in its tracing
 * backend, not in its answers — unless it answers with `traceresponse` (W3C Trace Context level 2) —
 * but a malformed `traceparent` must never hurt a request, and that shows from outside.
 */
import { expectThat } from '../../engine/check.ts';
import { defineItem, LESSONS, NotVerifiable } from '../item.ts';
import { answer, header, isResponse } from './describe.ts';

const teachesIt = LESSONS.tracing;

export const traceContinued = defineItem({
  id: 'tracing.traceparent-continued',
  title: 'A caller\'s traceparent is continued (seen through a traceresponse header)',
  teachesIt: { ...teachesIt, section: 'the-traceparent-header' },
  async run({ client, paths, step, token }) {
    const traceId = token().padEnd(32, '0').slice(0, 32);
    step(`GET ${paths.route} with traceparent 00-${traceId}-…-01`);
    const outcome = await client.request(paths.route, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    const echoed = header(outcome, 'traceresponse') ?? header(outcome, 'traceparent');
    if (!echoed) {
      throw new NotVerifiable(`The answer has no traceresponse header, so only your tracing backend shows it: find trace ${traceId} there, with this request's server span in it (lesson 06).`);
    }
    expectThat(echoed.split('-')[1] === traceId, `the trace id ${traceId} the caller sent, continued`, () => `${echoed}`);
  },
});

export const malformedTraceparentHarmless = defineItem({
  id: 'tracing.malformed-traceparent-harmless',
  title: 'A malformed traceparent is ignored: the request is answered as without one',
  teachesIt: { ...teachesIt, section: 'the-traceparent-header' },
  async run({ client, paths, step }) {
    step(`GET ${paths.route} without a traceparent, then with malformed ones`);
    const plain = await client.request(paths.route);
    for (const value of ['00-zz-not-hex-01', `00-${'0'.repeat(32)}-${'0'.repeat(16)}-01`, `ff-${'a'.repeat(32)}-${'b'.repeat(16)}-01`]) {
      const outcome = await client.request(paths.route, { headers: { traceparent: value } });
      expectThat(
        isResponse(outcome) && isResponse(plain) && outcome.status === plain.status,
        `GET ${paths.route} with traceparent ${value} answered as without one (${isResponse(plain) ? plain.status : 'an answer'})`,
        () => answer(outcome),
      );
    }
  },
});
