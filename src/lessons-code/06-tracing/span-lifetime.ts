// sample: section "Traces and spans" — a span lasts from start() to end(), whatever happened between
import { SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('orders');

/** Wrong: the span ends before the answer comes, and says the call took no time at all. */
export async function endedTooEarly(url: string): Promise<Response> {
  const span = tracer.startSpan('GET', { kind: SpanKind.CLIENT });
  span.end();
  return fetch(url);
}

/** Also wrong: finally runs as soon as return hands over the promise, before it settles. */
export async function endedOnReturn(url: string): Promise<Response> {
  const span = tracer.startSpan('GET', { kind: SpanKind.CLIENT });
  try {
    return fetch(url);
  } finally {
    span.end();
  }
}

/** Right: end() once the answer is in, in finally, so that a call that throws ends its span too. */
export async function coversTheCall(url: string): Promise<Response> {
  const span = tracer.startSpan('GET', { kind: SpanKind.CLIENT });
  try {
    return await fetch(url);
  } finally {
    span.end();
  }
}
