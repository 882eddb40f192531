// sample: section "Semantic conventions" — the server span: parent from traceparent, active for the route, named after it
import { context, SpanStatusCode } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
} from '@opentelemetry/semantic-conventions';
import type { Context as HonoContext, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { startServerSpan } from './propagate.ts';

export const traceRequests: MiddlewareHandler = async function traceRequests(c, next) {
  const { span, active } = startServerSpan(c.req.method, c.req.header());
  span.setAttributes({ [ATTR_HTTP_REQUEST_METHOD]: c.req.method, [ATTR_URL_PATH]: c.req.path, [ATTR_URL_SCHEME]: 'http' });
  try {
    // Active while the route runs: every span started inside it, client spans included, is its child.
    await context.with(active, next);
  } finally {
    // After next(), Hono has routed the request and run the handler (or the error handler).
    const route = routeOf(c);
    if (route) {
      span.updateName(`${c.req.method} ${route}`); // "GET /orders/:id": one name for every order
      span.setAttribute(ATTR_HTTP_ROUTE, route);
    }
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, c.res.status); // a number, not "200"
    if (c.res.status >= 500) {
      span.setAttribute(ATTR_ERROR_TYPE, String(c.res.status));
      span.setStatus({ code: SpanStatusCode.ERROR }); // a 4xx is the caller's mistake: status stays unset
    }
    span.end();
  }
};

/** The template of the route that answered; undefined when nothing but this middleware matched. */
function routeOf(c: HonoContext): string | undefined {
  const route = routePath(c, -1);
  return route === routePath(c, 0) ? undefined : route;
}
