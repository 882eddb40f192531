// sample: section "The traceparent header" — what the W3C propagator makes of good and bad headers; run it with node
import { propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

propagation.setGlobalPropagator(new W3CTraceContextPropagator());

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const parentId = '00f067aa0ba902b7';
const headers = {
  valid: `00-${traceId}-${parentId}-01`,
  'not sampled': `00-${traceId}-${parentId}-00`,
  'a future version, one more field': `01-${traceId}-${parentId}-01-what-comes-next`,
  garbage: 'garbage',
  'cut short': `00-${traceId}`,
  'version ff': `ff-${traceId}-${parentId}-01`,
  'all-zero trace id': `00-${'0'.repeat(32)}-${parentId}-01`,
  'all-zero parent id': `00-${traceId}-${'0'.repeat(16)}-01`,
  'upper-case hex': `00-${traceId.toUpperCase()}-${parentId}-01`,
  'no flags': `00-${traceId}-${parentId}`,
  'version 00, one more field': `00-${traceId}-${parentId}-01-extra`,
};

for (const [what, traceparent] of Object.entries(headers)) {
  // extract() never throws: it returns the context it was given, plus the caller's span if the header is valid.
  const caller = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, { traceparent }));
  const verdict = caller ? `continue trace ${caller.traceId.slice(0, 8)}…, flags ${caller.traceFlags}` : 'ignored: a new trace';
  console.log(`${what.padEnd(34)} ${verdict}`);
}
