// sample: section "The traceparent header" — both ends of the wire: extract what came in, inject what goes out
import { type Context, context, propagation, ROOT_CONTEXT, type Span, SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('orders');

/**
 * Incoming: a valid traceparent makes the caller's span the parent of ours. A missing or malformed one
 * leaves ROOT_CONTEXT as it was, and the span starts a new trace with a fresh random trace id.
 */
export function startServerSpan(method: string, headers: Record<string, string>): { span: Span; active: Context } {
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const span = tracer.startSpan(method, { kind: SpanKind.SERVER }, parent);
  return { span, active: trace.setSpan(parent, span) };
}

/** Outgoing: traceparent names the client span, so the callee's spans become its children. */
export function withTraceparent(clientSpan: Span, init?: HeadersInit): Headers {
  const headers = new Headers(init);
  propagation.inject(trace.setSpan(context.active(), clientSpan), headers, {
    set: (carrier, key, value) => carrier.set(key, value),
  });
  return headers;
}
