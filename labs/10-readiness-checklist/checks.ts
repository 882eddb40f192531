/**
 * @module
 * Lab 10's checks: the readiness checklist on one service. Most are the very items `operable audit`
 * runs (src/audit/items), here against the learner's service through the harness, with the lab's
 * settings; the rest need what an audit of someone else's service cannot have — the service's log,
 * its secrets, and a body that never ends. Every "must" of the lesson's lab brief maps to one:
 *
 * - probes answer, and are never rate limited → probes.*, limit.probes-exempt
 * - X-Request-Id kept, made, a hostile one replaced; in every log line → request.id-*, logs.request-id-in-every-line
 * - errors as problem+json (every refusal too), 4xx for a client's mistake, no stack trace or secret → errors.*
 * - no secret in any log line, the failure still logged → logs.no-secret
 * - secure headers, no X-Powered-By; a CORS allowlist → headers.secure, cors.*
 * - a body limit before parsing, chunked bodies too → limits.*
 * - a request timeout that answers 504 and stops the work; server timeouts → timeouts.*
 * - a rate limit with Retry-After → limit.enforced; metrics by route template → metrics.*
 */
import { auditItemsCheck } from '../../src/audit/as-lab-check.ts';
import type { AuditItem, AuditPaths } from '../../src/audit/item.ts';
import { clientMistakesAre4xx, isProblem, noStackTrace, problemJson } from '../../src/audit/items/errors.ts';
import { corsAllowlist } from '../../src/audit/items/cors.ts';
import { leaksInternals } from '../../src/audit/items/errors.ts';
import { secureHeaders } from '../../src/audit/items/headers.ts';
import { bodyLimit } from '../../src/audit/items/limits.ts';
import { boundedCardinality, metricsExposed, processMetrics, requestHistogram } from '../../src/audit/items/metrics.ts';
import { livezAnswers, readyzAnswers } from '../../src/audit/items/probes.ts';
import { probesNotLimited, type RateLimitMemo, rateLimitEnforced } from '../../src/audit/items/rate-limit.ts';
import { requestIdKept, requestIdMade, requestIdUntrustedReplaced } from '../../src/audit/items/request-id.ts';
import { requestTimeout, slowClientDropped } from '../../src/audit/items/timeouts.ts';
import { type CheckDefinition, defineCheck, expectThat, fail } from '../../src/engine/check.ts';
import { describeOutcome } from '../../src/engine/describe.ts';
import { parseExposition } from '../../src/engine/exposition.ts';
import type { HttpOutcome, LogLine } from '../../src/engine/harness.ts';
import manifest from './lab.json' with { type: 'json' };

const PATHS: AuditPaths = { livez: '/livez', readyz: '/readyz', metrics: '/metrics', route: '/', post: '/orders', slow: '/reports/slow?steps=30' };
const API_KEY = manifest.env.API_KEY;
const LESSON = 'Lesson 10, "The lab"';

/** One audit item as a check of 1 point, with the lab's own hint. */
const item = (audit: AuditItem, hint: string, extra: Partial<Parameters<typeof auditItemsCheck>[1]> = {}): CheckDefinition =>
  auditItemsCheck([audit], { points: 1, hint: `${LESSON}: ${hint}`, paths: PATHS, ...extra });

const shown = (outcome: HttpOutcome) => (outcome.kind === 'response' ? `${describeOutcome(outcome)}: ${outcome.body.slice(0, 200)}` : describeOutcome(outcome));
const lineText = (line: LogLine) => line.text.slice(0, 200);

export const serviceAnswers = defineCheck({
  id: 'service.answers',
  title: 'The service starts and answers GET /',
  points: 1,
  hint: `${LESSON}: installOperations must leave the orders routes reachable.`,
  async run(context) {
    const service = await context.start();
    const outcome = await service.request('/');
    expectThat(outcome.kind === 'response' && outcome.status === 200, 'GET / to answer HTTP 200', () => shown(outcome));
  },
});

export const requestIdInLogs = defineCheck({
  id: 'logs.request-id-in-every-line',
  title: 'Every log line a request causes carries its request id: the route\'s own lines and one access line',
  points: 2,
  hint: `${LESSON}: after requestId(), set c.var.log to log.with({ requestId }) — the routes log through it — and write one line per request when it ends.`,
  async run(context) {
    const service = await context.start();
    const id = `lab10-${Date.now().toString(36)}`;
    context.step(`GET /orders/1 with X-Request-Id: ${id}`);
    await service.request('/orders/1', { headers: { 'x-request-id': id } });
    await context.sleep(200);
    const lines = service.logLines().filter((line) => line.json);
    const routeLine = lines.find((line) => line.json!.msg === 'order read');
    expectThat(routeLine?.json!.requestId === id, `the route's "order read" line to carry "requestId": "${id}"`, () => (routeLine ? lineText(routeLine) : 'no "order read" line at all'));
    const others = lines.filter((line) => line !== routeLine && line.json!.requestId === id);
    expectThat(others.some((line) => line.json!.status === 200), `one more line for the request as it ends, with its requestId and "status": 200 (an access line)`, () =>
      others.length ? others.map(lineText).join(' / ') : `no other line with requestId ${id}`,
    );
  },
});

export const noSecretInLogs = defineCheck({
  id: 'logs.no-secret',
  title: 'No log line holds a secret — the API key inside an error message, a bearer token, a token in a query — yet the failure is logged',
  points: 2,
  hint: `${LESSON}: log the error's message and stack with known secrets replaced (the key is in config.apiKey); log the path without its query, never the headers.`,
  async run(context) {
    const service = await context.start();
    const bearer = `tok_${Date.now().toString(36)}bearer`;
    const queryToken = `q${Date.now().toString(36)}secret`;
    context.step('POST /payments (fails with the key in its message), POST /orders with a bearer token, GET /orders/1?token=…');
    const payment = await service.request('/payments', { method: 'POST' });
    await service.request('/orders', { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: '{"item":"kettle","quantity":1}' });
    await service.request(`/orders/1?token=${queryToken}`);
    await context.sleep(200);
    const output = `${service.stdout()}\n${service.stderr()}`;
    const leaked = [
      [API_KEY, 'the API key'],
      [bearer, 'the bearer token'],
      [queryToken, 'the token in the query'],
    ].filter(([secret]) => output.includes(secret!));
    const leakingLine = (secret: string) => output.split('\n').find((line) => line.includes(secret))!.slice(0, 240);
    expectThat(leaked.length === 0, 'no secret in stdout or stderr', () => leaked.map(([secret, what]) => `${what} in: ${leakingLine(secret!)}`).join('\n'));
    const paymentId = payment.kind === 'response' ? payment.headers['x-request-id'] : undefined;
    const errorLine = service.logLines().find((line) => line.json?.level === 'error' && (!paymentId || line.json.requestId === paymentId));
    expectThat(errorLine !== undefined, 'the failed payment logged at level "error" (with its request id): redacted, not silenced', () => 'no error line for it');
    expectThat(errorLine.text.includes('payment provider unreachable'), "the error line to keep the error's message (\"payment provider unreachable …\") with only the key taken out", () => lineText(errorLine));
  },
});

export const serverErrorIsProblem = defineCheck({
  id: 'errors.server-error-is-problem',
  title: 'A failure answers 500 as application/problem+json, without its message, stack trace or secret (NODE_ENV=production)',
  points: 2,
  hint: `${LESSON}: app.onError answers a problem with a generic title (and the request id to quote), never error.message or error.stack.`,
  async run(context) {
    const service = await context.start();
    context.step('POST /payments');
    const outcome = await service.request('/payments', { method: 'POST' });
    if (outcome.kind !== 'response') fail('an answer to POST /payments', shown(outcome));
    expectThat(isProblem(outcome, 500), 'HTTP 500, Content-Type application/problem+json, "status": 500 and a "title" that says something', () => `${shown(outcome)} (Content-Type ${outcome.headers['content-type'] || 'none'})`);
    expectThat(!outcome.body.includes(API_KEY) && !outcome.body.includes('pay.example') && !leaksInternals(outcome.body), 'a body without the error\'s message (it names an internal URL and the key) and without a stack trace', () => outcome.body.slice(0, 300));
  },
});

export const refusalsAreProblems = defineCheck({
  id: 'errors.refusals-are-problems',
  title: 'Every refusal is a problem: 400, 404, 413, 429 and 504 answer application/problem+json with their status and a title',
  points: 2,
  hint: `${LESSON}: one problem() helper for notFound, onError (HTTPException, SyntaxError, the timeout) and the body limit's and the limiter's onError and handler — answered through the context.`,
  timeoutMs: 30_000,
  async run(context) {
    const service = await context.start();
    const tries: Array<[number, string, () => Promise<HttpOutcome>]> = [
      [404, 'GET /orders/99 (no such order)', () => service.request('/orders/99')],
      [400, 'POST /orders with broken JSON', () => service.request('/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"item": ' })],
      [413, 'POST /orders with a body over BODY_LIMIT_BYTES', () => service.request('/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ item: 'x'.repeat(Number(manifest.env.BODY_LIMIT_BYTES)), quantity: 1 }) })],
      [504, 'GET /reports/slow past the request timeout', () => service.request('/reports/slow?steps=30', { timeoutMs: 5000 })],
    ];
    for (const [status, what, send] of tries) {
      context.step(what);
      const outcome = await send();
      expectThat(isProblem(outcome, status), `${what} to answer ${status} as application/problem+json with "status": ${status} and a "title"`, () => shown(outcome));
    }
    context.step('GET / until the rate limit answers');
    let refused: HttpOutcome | undefined;
    for (let sent = 0; sent <= Number(manifest.env.RATE_LIMIT_PER_WINDOW) + 5 && !refused; sent++) {
      const outcome = await service.request('/');
      if (outcome.kind === 'response' && outcome.status === 429) refused = outcome;
    }
    if (!refused) fail(`a 429 within ${Number(manifest.env.RATE_LIMIT_PER_WINDOW) + 5} requests (RATE_LIMIT_PER_WINDOW=${manifest.env.RATE_LIMIT_PER_WINDOW})`, 'no 429');
    expectThat(isProblem(refused, 429), 'the 429 as application/problem+json with "status": 429 and a "title"', () => shown(refused));
  },
});

export const routeTemplates = defineCheck({
  id: 'metrics.route-templates',
  title: 'Requests are counted under their route template: GET /orders/1 and /orders/2 are one series, route="/orders/:id"',
  points: 1,
  hint: `${LESSON}: label the histogram with routePath(c, -1) after next() — the template Hono matched — and one shared label for paths no route matched.`,
  async run(context) {
    const service = await context.start();
    context.step('GET /orders/1, GET /orders/2, then GET /metrics');
    await service.request('/orders/1');
    await service.request('/orders/2');
    const outcome = await service.request('/metrics');
    if (outcome.kind !== 'response' || outcome.status !== 200) fail('GET /metrics to answer 200', shown(outcome));
    let routes: string[] = [];
    try {
      const histograms = [...parseExposition(outcome.body).values()].filter((family) => family.type === 'histogram');
      routes = [...new Set(histograms.flatMap((family) => family.samples.map((sample) => sample.labels.route ?? sample.labels.http_route).filter((route): route is string => route !== undefined)))];
    } catch (error) {
      fail('an exposition that parses', (error as Error).message);
    }
    expectThat(routes.includes('/orders/:id') && !routes.some((route) => /^\/orders\/\d+$/.test(route)), 'a histogram series with route="/orders/:id", and none per order id', () => `route labels: ${routes.join(', ') || 'none'}`);
  },
});

export const allowlistedOrigin = defineCheck({
  id: 'cors.allowlisted-origin-allowed',
  title: 'An origin on CORS_ORIGINS may call the API from a browser, with credentials',
  points: 1,
  hint: `${LESSON}: cors({ origin: config.corsOrigins, credentials: true }) — the list from the configuration, not "*".`,
  async run(context) {
    const service = await context.start();
    const origin = manifest.env.CORS_ORIGINS;
    context.step(`a preflight and a GET from ${origin}`);
    const preflight = await service.request('/orders', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    const get = await service.request('/orders/1', { headers: { origin } });
    for (const [what, outcome] of [['the preflight for POST /orders', preflight], ['GET /orders/1', get]] as const) {
      const allowed = outcome.kind === 'response' ? outcome.headers['access-control-allow-origin'] : undefined;
      const credentials = outcome.kind === 'response' ? outcome.headers['access-control-allow-credentials'] : undefined;
      expectThat(allowed === origin && credentials === 'true', `${what} from ${origin} to get Access-Control-Allow-Origin: ${origin} and Access-Control-Allow-Credentials: true`, () =>
        outcome.kind === 'response' ? `Access-Control-Allow-Origin: ${allowed ?? 'none'}, Access-Control-Allow-Credentials: ${credentials ?? 'none'}` : shown(outcome),
      );
    }
  },
});

export const timeoutStopsWork = defineCheck({
  id: 'timeouts.work-stopped',
  title: 'At the request timeout the answer is 504 and the work stops: no report step runs after it',
  points: 2,
  hint: `${LESSON}: give each request an AbortSignal that fires at REQUEST_TIMEOUT_MS (c.set('signal', …)); the report's steps wait on it. Hono's timeout() answers 504 but cannot stop the handler.`,
  async run(context) {
    const service = await context.start();
    context.step('GET /reports/slow (3 s of work; the timeout is 1 s)');
    const outcome = await service.request('/reports/slow?steps=30', { timeoutMs: 5000 });
    const answeredAt = service.elapsedMs();
    expectThat(outcome.kind === 'response' && outcome.status === 504, 'HTTP 504 at the 1 s timeout', () => shown(outcome));
    await context.sleep(700);
    const stepsAfter = service.logLines().filter((line) => line.json?.msg === 'report step' && line.atMs > answeredAt + 250);
    context.measure('stepsAfterTimeout', stepsAfter.length);
    expectThat(stepsAfter.length === 0, 'no "report step" line more than 250 ms after the 504', () => `${stepsAfter.length} more steps in the next 700 ms: the work ran on for a caller who had gone`);
  },
});

export const chunkedBodyRefused = defineCheck({
  id: 'limits.chunked-body-refused',
  title: 'A chunked body is refused with 413 once it passes the limit, without waiting for its end',
  points: 2,
  hint: `${LESSON}: bodyLimit() counts the body as it streams in, before any handler parses it; reading the body and measuring it afterwards waits for all of it.`,
  async run(context) {
    const service = await context.start();
    const socket = await service.openRawSocket();
    try {
      context.step('POST /orders with a chunked body twice the limit, then nothing more');
      socket.write(`POST /orders HTTP/1.1\r\nHost: 127.0.0.1:${service.port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`);
      const chunk = 'x'.repeat(16 * 1024);
      for (let sent = 0; sent < 2 * Number(manifest.env.BODY_LIMIT_BYTES); sent += chunk.length) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      const started = Date.now();
      while (Date.now() - started < 3000 && !/^HTTP\/1\.1 \d{3}/.test(socket.received())) await context.sleep(25);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(socket.received())?.[1];
      expectThat(status === '413', 'HTTP 413 while the body is still open (the limit is 64 KiB; 128 KiB were sent)', () => (status ? `HTTP ${status}` : 'no answer within 3 s: the service is waiting for the body to end'));
    } finally {
      socket.destroy();
    }
  },
});

/** The rate limit first reached, then the probes asked: one service, so the limit holds for the second part. */
function rateLimitChecks(): CheckDefinition[] {
  const memo = (): RateLimitMemo => ({});
  const enforced = auditItemsCheck([rateLimitEnforced(100, memo())], { points: 2, hint: `${LESSON}: rateLimiter() from hono-rate-limiter with standardHeaders, keyed on the socket's address; answer 429 through the context so its Retry-After stays.`, paths: PATHS });
  const shared = memo();
  const exempt = auditItemsCheck([rateLimitEnforced(100, shared), probesNotLimited(shared)], {
    id: 'limit.probes-exempt',
    title: probesNotLimited(shared).title,
    points: 1,
    hint: `${LESSON}: mount /livez, /readyz and /metrics before the limiter (or skip them in it): a limited kubelet restarts a healthy pod.`,
    paths: PATHS,
  });
  return [enforced, exempt];
}

export const checks: readonly CheckDefinition[] = [
  serviceAnswers,
  item(livezAnswers, 'keep /livez answering 200 at once.'),
  item(readyzAnswers, 'keep /readyz: 200 while ready, 503 while draining.'),
  item(requestIdKept, "requestId() from hono/request-id keeps a caller's valid X-Request-Id and echoes it."),
  item(requestIdMade, 'requestId() makes an id when the caller sends none, and sets it on the response.'),
  item(requestIdUntrustedReplaced, "requestId() refuses an id longer than 255 characters or outside [A-Za-z0-9_=-]; a hand-written middleware must too."),
  requestIdInLogs,
  noSecretInLogs,
  item(problemJson, 'app.notFound and app.onError answer application/problem+json with "status" and "title".'),
  item(clientMistakesAre4xx, 'a SyntaxError from c.req.json() is the caller\'s mistake: 400, not 500.'),
  item(noStackTrace, 'no answer includes error.stack, whatever went wrong.'),
  serverErrorIsProblem,
  refusalsAreProblems,
  item(secureHeaders, 'secureHeaders() from hono/secure-headers; no poweredBy().'),
  item(corsAllowlist, 'cors() with the allowlist from CORS_ORIGINS: an unknown origin gets none of its own.'),
  allowlistedOrigin,
  item(bodyLimit, 'bodyLimit({ maxSize: config.bodyLimitBytes }) in front of the routes, answering a 413 problem.'),
  chunkedBodyRefused,
  item(requestTimeout, "timeout(config.requestTimeoutMs) from hono/timeout (or your deadline) answers 504 as a problem.", { timeoutMs: 15_000 }),
  timeoutStopsWork,
  item(slowClientDropped(5000), 'serverOptions(): headersTimeout from HEADERS_TIMEOUT_MS, a requestTimeout, and connectionsCheckingInterval ≤ 1 s so Node enforces them promptly.'),
  item(metricsExposed, 'GET /metrics answers the registry\'s metrics with its contentType.'),
  item(processMetrics, "collectDefaultMetrics() on the registry you serve."),
  item(requestHistogram, 'a histogram of request durations labelled by method, route template and status (lesson 05).'),
  routeTemplates,
  item(boundedCardinality, "label by routePath(c), never c.req.path; unmatched paths share one label."),
  ...rateLimitChecks(),
];
