// sample: section "Errors on spans" — the client span: covers the whole call, says how it failed, always ends
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
} from '@opentelemetry/semantic-conventions';
import { withTraceparent } from './propagate.ts';

const tracer = trace.getTracer('orders');

export async function tracedFetch(url: URL, init: RequestInit = {}): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  // Started while the server span is active, so it is that span's child. Named for the method alone.
  const span = tracer.startSpan(method, {
    kind: SpanKind.CLIENT,
    attributes: {
      [ATTR_HTTP_REQUEST_METHOD]: method,
      [ATTR_URL_FULL]: url.href,
      [ATTR_SERVER_ADDRESS]: url.hostname,
      [ATTR_SERVER_PORT]: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
    },
  });
  try {
    const response = await fetch(url, { ...init, headers: withTraceparent(span, init.headers) });
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
    if (response.status >= 400) {
      // Seen from the caller, a 4xx or a 5xx is a call that failed.
      span.setAttribute(ATTR_ERROR_TYPE, String(response.status));
      span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${response.status}` });
    }
    return response;
  } catch (error) {
    // No answer at all: refused, reset, timed out.
    span.recordException(error as Error);
    span.setAttribute(ATTR_ERROR_TYPE, (error as Error).name);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end(); // after the answer, or the failure: never before, never not at all
  }
}
