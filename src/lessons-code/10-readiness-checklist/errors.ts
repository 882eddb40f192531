// sample: lesson 10, "Errors": one shape for every error, the whole story in the log, none of it in the answer.
import type { Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Config } from '../../../exercises/10-readiness-checklist/src/config.ts';
import type { Logger } from '../../../exercises/10-readiness-checklist/src/log.ts';
import type { OrdersEnv } from '../../../exercises/10-readiness-checklist/src/orders.ts';

/** An RFC 9457 problem, sent through the context so headers set by middleware (X-Request-Id, Retry-After) stay. */
export function problem(c: Context, status: ContentfulStatusCode, title: string, detail?: string): Response {
  const body = { type: 'about:blank', status, title, ...(detail ? { detail } : {}), instance: c.req.path };
  return c.body(JSON.stringify(body), status, { 'Content-Type': 'application/problem+json' });
}

/** Known secrets out of a text before it is logged: an SDK's error message can carry one. */
export const redact = (text: string, secrets: readonly string[]) => secrets.reduce((out, secret) => out.replaceAll(secret, '[redacted]'), text);

export function installErrors(app: Hono<OrdersEnv>, config: Config, log: Logger): void {
  app.notFound((c) => problem(c, 404, 'Not Found'));
  app.onError((error, c) => {
    // Refusals the code meant: 400, 404, 413, 429, 504 thrown as HTTPException, with their own message.
    if (error instanceof HTTPException) return problem(c, error.status as ContentfulStatusCode, 'Request refused', error.message);
    // c.req.json() on a body that is not JSON: the caller's mistake.
    if (error instanceof SyntaxError) return problem(c, 400, 'Bad Request', 'The body is not valid JSON.');
    // The work stopped because the request's deadline passed ("Timeouts"): the timeout's answer, not a failure.
    if (c.var.signal?.aborted) return problem(c, 504, 'Gateway Timeout', `No answer within ${config.requestTimeoutMs} ms.`);
    (c.var.log ?? log).error('request failed', { error: redact(error.message, [config.apiKey]), stack: redact(error.stack ?? '', [config.apiKey]) });
    const detail = config.production ? `Reference ${c.var.requestId} when you report this.` : redact(error.message, [config.apiKey]);
    return problem(c, 500, 'Internal Server Error', detail);
  });
}
