/**
 * @module
 * The service's tracing with OpenTelemetry: a server span for every request, named for its route
 * template, continuing the caller's trace when a valid `traceparent` came with it; a client span for
 * every call to another service, whose `traceparent` makes the callee's spans children of it; spans
 * exported in batches over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT, from a resource named by
 * OTEL_SERVICE_NAME.
 *
 * Spans are made here by hand, with the API's `propagation.extract` and `propagation.inject`, rather
 * than by instrumentation packages (`@opentelemetry/instrumentation-http`, `-undici`, or the
 * auto-instrumentations bundle). Those patch modules as they load, which costs start-up time and
 * needs them loaded before anything else; the http instrumentation's server span does not know
 * Hono's route template anyway (it must be renamed from a middleware like this one); and made by
 * hand, every step that instrumentation hides — extract, start, activate, inject, end — is in view.
 * In a larger service, `@hono/otel` (server spans) and the undici instrumentation (client spans) do
 * the same work.
 */
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_SERVICE_NAME,
  ATTR_URL_FULL,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
} from '@opentelemetry/semantic-conventions';
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Tracing } from './app.ts';

/** The batch processor's wait between exports when OTEL_BSP_SCHEDULE_DELAY is unset, as the spec says. */
const DEFAULT_SCHEDULE_DELAY_MS = 5000;

export function createTracing(): Tracing {
  const scheduledDelay = Number(process.env.OTEL_BSP_SCHEDULE_DELAY);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME || 'orders' }),
    // One export every few seconds for everything that ended meanwhile, off the request path. The
    // exporter reads OTEL_EXPORTER_OTLP_ENDPOINT itself and appends /v1/traces.
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter(),
        scheduledDelayMillis: scheduledDelay > 0 ? scheduledDelay : DEFAULT_SCHEDULE_DELAY_MS,
      }),
    ],
  });
  // AsyncLocalStorage carries the active span across every await of a request.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  const tracer = trace.getTracer('orders');

  const middleware: MiddlewareHandler = async function serverSpan(c, next) {
    // A valid traceparent makes its span our parent; a missing or malformed one is ignored: a new trace.
    const parent = propagation.extract(ROOT_CONTEXT, c.req.header());
    const span = tracer.startSpan(
      c.req.method,
      { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: c.req.method, [ATTR_URL_PATH]: c.req.path, [ATTR_URL_SCHEME]: 'http' } },
      parent,
    );
    try {
      // The span is active while the route runs, so the client spans it starts are its children.
      await context.with(trace.setSpan(parent, span), next);
    } finally {
      // Hono has run the handler (and the error handler): the route is known, c.res is the answer.
      const route = routeOf(c);
      if (route) {
        span.updateName(`${c.req.method} ${route}`);
        span.setAttribute(ATTR_HTTP_ROUTE, route);
      }
      const status = c.res.status;
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      // A 4xx is the caller's mistake, not the server's: only a 5xx makes the server span an error.
      if (status >= 500) {
        span.setAttribute(ATTR_ERROR_TYPE, String(status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    }
  };

  async function tracedFetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const url = new URL(input);
    const method = (init.method ?? 'GET').toUpperCase();
    const span = tracer.startSpan(method, {
      kind: SpanKind.CLIENT,
      attributes: {
        [ATTR_HTTP_REQUEST_METHOD]: method,
        [ATTR_URL_FULL]: url.href,
        [ATTR_SERVER_ADDRESS]: url.hostname,
        [ATTR_SERVER_PORT]: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
      },
    });
    // traceparent names this client span as the parent of whatever the callee does.
    const headers = new Headers(init.headers);
    propagation.inject(trace.setSpan(context.active(), span), headers, { set: (carrier, key, value) => carrier.set(key, value) });
    try {
      const response = await fetch(url, { ...init, headers });
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
      if (response.status >= 400) {
        span.setAttribute(ATTR_ERROR_TYPE, String(response.status));
        span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${response.status}` });
      }
      return response;
    } catch (error) {
      // Refused, reset, timed out: the call failed without an answer.
      span.recordException(error as Error);
      span.setAttribute(ATTR_ERROR_TYPE, (error as Error).name || 'Error');
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  }

  return {
    middleware,
    fetch: tracedFetch,
    // Exports what the batch processor still holds, then stops the exporter.
    shutdown: () => provider.shutdown(),
  };
}

/**
 * The template of the route that answered (`/orders/:id`), never the path: one span name per route.
 * undefined when no route matched (the last route Hono matched is this middleware's own `*`).
 */
function routeOf(c: Context): string | undefined {
  const route = routePath(c, -1);
  return route === routePath(c, 0) ? undefined : route;
}
