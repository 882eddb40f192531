/**
 * @module
 * The checks of lab 06, distributed tracing. Each starts its own service between an OTLP/HTTP
 * collector stand-in (OTEL_EXPORTER_OTLP_ENDPOINT, decoding protobuf or JSON: src/engine/otlp-decode.ts)
 * and an inventory stand-in (INVENTORY_URL) that records the headers of every call and can fail,
 * slow down or go away; it sends requests with and without a `traceparent`, and judges the spans the
 * collector receives and the `traceparent` the inventory receives.
 *
 * Each requirement lesson 06 states (its section in brackets) → the checks that prove it:
 *
 * - listens on PORT and HOST, keeps the routes of src/app.ts ("The lab") → service.answers, and every check
 * - … on the address in HOST: started with HOST=127.0.0.2, answers there ("The lab") → service.listens-on-host
 * - stdout is JSON lines with level, msg and time, failures and exports included ("The lab") → logs.structured
 * - spans go by OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces, in a body the collector decodes
 *   ("The OpenTelemetry SDK") → tracing.exports-otlp
 * - the resource's service.name is OTEL_SERVICE_NAME ("The OpenTelemetry SDK") → tracing.service-name
 * - a batch span processor: spans leave in batches, off the request path ("The OpenTelemetry SDK")
 *   → tracing.batched
 * - a collector that hangs never slows an answer ("The OpenTelemetry SDK") → tracing.collector-outage-harmless
 * - one SERVER span per request, named for the route template ("GET /orders/:id"), with http.route,
 *   http.request.method and http.response.status_code (an integer) ("Semantic conventions") → tracing.server-span
 * - one CLIENT span per call to the inventory, the server span's child in its trace and within its
 *   time, with http.request.method and http.response.status_code ("Context propagation in Node")
 *   → tracing.client-span
 * - the client span lasts as long as the call: ended after the answer, not before ("Traces and spans")
 *   → tracing.client-span-covers-call
 * - a valid incoming traceparent continues its trace: the server span has its trace id and the
 *   caller's span as parent ("The traceparent header") → tracing.continues-trace
 * - the call to the inventory carries traceparent 00-<same trace id>-<client span id>-<sampled flag>,
 *   with and without an incoming one: trace id continuity end to end ("The traceparent header")
 *   → tracing.propagates
 * - without traceparent each request starts a new trace: a root server span, a fresh valid trace id
 *   ("The traceparent header") → tracing.new-trace
 * - a malformed traceparent (garbage, version ff, zero ids, upper case, missing flags) is ignored: the
 *   request answers as usual in a new trace ("The traceparent header") → tracing.malformed-traceparent
 * - a downstream 5xx or a failed call marks the client span ERROR; the service's 502 marks the server
 *   span ERROR; a 4xx the service answers leaves the server span's status unset ("Errors on spans")
 *   → tracing.error-status
 * - on SIGTERM the spans still in memory are exported before the process exits, exit 0
 *   ("Flushing on shutdown") → tracing.flush-on-sigterm
 *
 * Not checked, with the reason in the lesson's "Pitfalls": the sampler (every check's traceparent is
 * sampled, and a ratio sampler's choice cannot be told from a lost span), tracestate and baggage
 * (passed on by the propagator, used by no one here), span events for exceptions (recommended, not
 * required), and attributes beyond the required ones.
 *
 * Margins: the lab's OTEL_BSP_SCHEDULE_DELAY is 500 ms, so the reference's spans arrive within about
 * 0.6 s; checks wait up to 7 s for spans (stack.ts). Honouring OTEL_BSP_SCHEDULE_DELAY is a must of the
 * lesson (its contract, clause 2): a service that keeps the SDK's 5 s default (OpenTelemetry JS 3 does
 * not read the variable itself) meets one wait, but a check that waits for several requests' spans one
 * after another (tracing.malformed-traceparent) runs out of time, and says so. The client span must last 90 % of the inventory's 300 ms delay; a span ended before
 * the call lasts under 1 ms. A request answers within 1 s while the collector hangs; an export that
 * waits for it takes the exporter's 10 s timeout.
 */
import { listensOnHost } from '../../src/engine/common-checks.ts';
import { defineCheck, expectThat, fail } from '../../src/engine/check.ts';
import { describeExit } from '../../src/engine/describe.ts';
import { firstUnstructuredLine } from '../../src/engine/structured-logs.ts';
import { describeSpan, isRoot, type ReceivedSpan, shortId } from '../../src/engine/traces.ts';
import {
  callerTrace,
  exchange,
  get,
  isValidTraceId,
  listSpans,
  ofKind,
  parseTraceparent,
  shown,
  SPAN_WAIT_MS,
  startDependencies,
  startStack,
  theOne,
  waitForSpans,
} from './stack.ts';

const ORDER = { path: '/orders/42', status: 200, callsInventory: true };
const ROUTE = '/orders/:id';
const SERVER_SPAN_NAME = `GET ${ROUTE}`;

/** The value of `key` as a learner reads it in a message. */
const attribute = (span: ReceivedSpan, key: string) => (key in span.attributes ? JSON.stringify(span.attributes[key]) : '(missing)');

export const serviceAnswers = defineCheck({
  id: 'service.answers',
  title: 'The service starts and answers GET /',
  points: 1,
  hint: 'Lesson 06, "The lab": the service must listen on process.env.PORT and keep the routes of src/app.ts; createTracing() must not throw.',
  async run(context) {
    const { service } = await startStack(context);
    const outcome = await service.request('/');
    expectThat(outcome.kind === 'response' && outcome.status === 200, 'GET / to answer HTTP 200', () => shown(outcome));
  },
});

export const listensOnHostCheck = listensOnHost({
  lesson: 'Lesson 06',
  prepare: async (context) => (await startDependencies(context)).options,
});

export const logsAreStructured = defineCheck({
  id: 'logs.structured',
  title: 'Every line the service prints to stdout is a JSON log with level, msg and time, while it traces',
  points: 1,
  hint: 'Lesson 06, "The lab": log through `log` from src/log.ts; no ConsoleSpanExporter and no console.log of spans: stdout is for JSON log lines.',
  async run(context) {
    const stack = await startStack(context);
    const { service, collector, inventory } = stack;
    await get(service, '/orders/1', 200);
    await get(service, '/orders/2', 200, { traceparent: callerTrace().traceparent });
    await get(service, '/orders/abc', 400);
    await get(service, '/orders/3', 200, { traceparent: 'garbage' });
    inventory.setMode({ kind: 'failing', status: 500 });
    await get(service, '/orders/4', 502);
    // An exporter printing spans prints them when it exports: wait for the exports.
    await waitForSpans(context, collector, (spans) => ofKind(spans, 'SERVER').length >= 5);
    await context.sleep(300);
    const bad = firstUnstructuredLine(service);
    expectThat(
      !bad,
      'every stdout line, through orders that succeed and fail and their spans being exported, to be a JSON object with string fields level, msg and time',
      () => `the line ${JSON.stringify(bad!.text.slice(0, 200))}`,
    );
  },
});

export const exportsOtlp = defineCheck({
  id: 'tracing.exports-otlp',
  title: 'Spans reach the collector at OTEL_EXPORTER_OTLP_ENDPOINT by OTLP/HTTP',
  points: 2,
  hint: 'Lesson 06, "The OpenTelemetry SDK": new OTLPTraceExporter() with no url reads OTEL_EXPORTER_OTLP_ENDPOINT and posts to its /v1/traces; a url you pass yourself is used as it is, path included.',
  async run(context) {
    const stack = await startStack(context);
    await get(stack.service, ORDER.path, ORDER.status);
    context.step('waiting for an export');
    await waitForSpans(context, stack.collector, (spans) => spans.length > 0);
    const exports = stack.collector.exports();
    const url = stack.collector.url;
    expectThat(exports.length > 0, `an OTLP export request at ${url}/v1/traces within ${SPAN_WAIT_MS / 1000} s of GET ${ORDER.path}`, () => 'no request reached the collector (is the SDK set up, and does the exporter get the endpoint?)');
    const accepted = exports.filter((entry) => entry.status === 200 && entry.spanCount > 0);
    expectThat(
      accepted.length > 0,
      `POST ${url}/v1/traces with Content-Type application/x-protobuf or application/json and a body that decodes to spans`,
      () => exports.slice(0, 3).map((entry) => `${entry.method} ${entry.path} (${entry.contentType || 'no Content-Type'}) → ${entry.status}${entry.error ? `: ${entry.error}` : ''}`).join('; '),
    );
  },
});

export const serviceName = defineCheck({
  id: 'tracing.service-name',
  title: "Every span's resource names the service with OTEL_SERVICE_NAME",
  points: 2,
  hint: 'Lesson 06, "The OpenTelemetry SDK": the resource\'s service.name (ATTR_SERVICE_NAME) comes from process.env.OTEL_SERVICE_NAME: the deployment names the service, so one build can run as several.',
  async run(context) {
    const name = `orders-${Math.random().toString(36).slice(2, 8)}`;
    const stack = await startStack(context, { OTEL_SERVICE_NAME: name });
    const { servers, clients } = await exchange(context, stack, ORDER);
    const spans = [...servers, ...clients];
    if (!spans.length) fail(`spans of GET ${ORDER.path} at the collector`, `no span within ${SPAN_WAIT_MS / 1000} s`);
    const names = [...new Set(spans.map((span) => String(span.resource['service.name'] ?? '(no service.name)')))];
    expectThat(
      names.length === 1 && names[0] === name,
      `the resource attribute service.name "${name}" on every span, as OTEL_SERVICE_NAME=${name} says`,
      () => `service.name ${names.map((value) => JSON.stringify(value)).join(', ')}`,
    );
  },
});

export const serverSpan = defineCheck({
  id: 'tracing.server-span',
  title: `A request makes one SERVER span named "${SERVER_SPAN_NAME}", with the route, method and status as semantic conventions name them`,
  points: 3,
  hint: `Lesson 06, "Semantic conventions": start the span with kind SpanKind.SERVER; after await next(), name it "<method> <route template>" (routePath from hono/route, never c.req.path) and set http.route, http.request.method and http.response.status_code (a number, from c.res.status).`,
  async run(context) {
    const stack = await startStack(context);
    const { servers, clients } = await exchange(context, stack, ORDER);
    const server = theOne(servers, 'SERVER', `for GET ${ORDER.path}`, [...servers, ...clients]);
    expectThat(server.name === SERVER_SPAN_NAME, `the server span named "${SERVER_SPAN_NAME}": the route template, so every order shares one name`, () => describeSpan(server));
    const wanted = { 'http.route': ROUTE, 'http.request.method': 'GET', 'http.response.status_code': 200 };
    const wrong = Object.entries(wanted).filter(([key, value]) => server.attributes[key] !== value);
    expectThat(
      wrong.length === 0,
      `the server span's attributes ${Object.entries(wanted).map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(', ')}`,
      () => wrong.map(([key]) => `${key}=${attribute(server, key)}`).join(', '),
    );
    expectThat(server.status.code !== 'ERROR', 'the server span of a 200 not marked as an error', () => describeSpan(server));
  },
});

export const clientSpan = defineCheck({
  id: 'tracing.client-span',
  title: 'The call to the inventory makes one CLIENT span, a child of the server span, within its time',
  points: 3,
  hint: 'Lesson 06, "Context propagation in Node": start the client span with kind SpanKind.CLIENT while the server span is active (context.with(trace.setSpan(…), next) in the middleware), never as a root; set http.request.method and http.response.status_code.',
  async run(context) {
    const stack = await startStack(context);
    const { servers, clients } = await exchange(context, stack, ORDER);
    const all = [...servers, ...clients];
    const server = theOne(servers, 'SERVER', `for GET ${ORDER.path}`, all);
    const client = theOne(clients, 'CLIENT', 'for its call to the inventory', all);
    expectThat(
      client.traceId === server.traceId && client.parentSpanId === server.spanId,
      `the client span in the server span's trace (${shortId(server.traceId)}) with the server span (${shortId(server.spanId)}) as its parent`,
      () => `${describeSpan(client)}${isRoot(client) ? ': a new root, so the call shows as a trace of its own' : ''}`,
    );
    // Both clocks are the service's: the child starts after its parent and ends before it (1 ms of rounding).
    expectThat(
      client.startMs >= server.startMs - 1 && client.endMs <= server.endMs + 1,
      "the client span within the server span's time",
      () => `server ${server.startMs.toFixed(1)}–${server.endMs.toFixed(1)}, client ${client.startMs.toFixed(1)}–${client.endMs.toFixed(1)} (Unix ms)`,
    );
    const wanted = { 'http.request.method': 'GET', 'http.response.status_code': 200 };
    const wrong = Object.entries(wanted).filter(([key, value]) => client.attributes[key] !== value);
    expectThat(
      wrong.length === 0,
      `the client span's attributes ${Object.entries(wanted).map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(', ')}`,
      () => wrong.map(([key]) => `${key}=${attribute(client, key)}`).join(', '),
    );
  },
});

/** How long the inventory takes in the timing check. */
const INVENTORY_DELAY_MS = 300;

export const clientSpanCoversCall = defineCheck({
  id: 'tracing.client-span-covers-call',
  title: `With the inventory taking ${INVENTORY_DELAY_MS} ms, the client span lasts as long as the call`,
  points: 2,
  hint: 'Lesson 06, "Traces and spans": end the client span after `await fetch(…)` has the answer (in a finally block), not right after starting it: a span is the time between start() and end().',
  async run(context) {
    const stack = await startStack(context);
    stack.inventory.setMode({ kind: 'slow', delayMs: INVENTORY_DELAY_MS });
    const { servers, clients } = await exchange(context, stack, ORDER);
    const client = theOne(clients, 'CLIENT', 'for the call to the inventory', [...servers, ...clients]);
    context.measure('clientSpanMs', client.durationMs);
    context.measure('inherentWaitMs', INVENTORY_DELAY_MS);
    expectThat(
      client.durationMs >= INVENTORY_DELAY_MS * 0.9,
      `the client span to last at least ${INVENTORY_DELAY_MS * 0.9} ms: the inventory took ${INVENTORY_DELAY_MS} ms to answer`,
      () => `${client.durationMs.toFixed(1)} ms: the span ended before the answer came`,
    );
  },
});

export const continuesTrace = defineCheck({
  id: 'tracing.continues-trace',
  title: "A request with a valid traceparent continues the caller's trace: same trace id, the caller's span as parent",
  points: 3,
  hint: 'Lesson 06, "The traceparent header": propagation.extract(ROOT_CONTEXT, c.req.header()) and start the server span in the context it returns; a span started without it begins a trace of its own.',
  async run(context) {
    const stack = await startStack(context);
    const caller = callerTrace();
    const { servers, clients } = await exchange(context, stack, { ...ORDER, headers: { traceparent: caller.traceparent } });
    const all = [...servers, ...clients];
    const server = theOne(servers, 'SERVER', `for GET ${ORDER.path} with traceparent ${caller.traceparent}`, all);
    expectThat(
      server.traceId === caller.traceId && server.parentSpanId === caller.parentId,
      `the server span in trace ${caller.traceId} with parent ${caller.parentId}, as the traceparent said`,
      () => describeSpan(server),
    );
    for (const client of clients) {
      expectThat(client.traceId === caller.traceId, `the client span in the caller's trace ${shortId(caller.traceId)} too`, () => describeSpan(client));
    }
  },
});

export const propagates = defineCheck({
  id: 'tracing.propagates',
  title: 'The call to the inventory carries traceparent with the same trace id and the client span as parent',
  points: 3,
  hint: 'Lesson 06, "The traceparent header": propagation.inject(trace.setSpan(context.active(), clientSpan), headers, setter) before fetch(), with the W3C propagator set globally; an outgoing call without traceparent cuts the trace in two.',
  async run(context) {
    const stack = await startStack(context);
    const caller = callerTrace();
    for (const continued of [true, false]) {
      const label = continued ? `with traceparent ${caller.traceparent}` : 'without traceparent';
      const headers: Record<string, string> = continued ? { traceparent: caller.traceparent } : {};
      const calls = stack.inventory.received().length;
      const { servers, clients } = await exchange(context, stack, { ...ORDER, headers });
      const all = [...servers, ...clients];
      const server = theOne(servers, 'SERVER', `for GET ${ORDER.path} ${label}`, all);
      const client = theOne(clients, 'CLIENT', 'for its call to the inventory', all);
      const received = stack.inventory.received().slice(calls);
      if (received.length !== 1) fail(`one call to the inventory for GET ${ORDER.path} ${label}`, `${received.length} calls`);
      const header = received[0]!.headers.traceparent;
      const parsed = parseTraceparent(header);
      expectThat(
        parsed !== undefined,
        `the inventory to receive a valid traceparent (00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>) for GET ${ORDER.path} ${label}`,
        () => (header === undefined ? 'no traceparent header' : `traceparent: ${JSON.stringify(header)}`),
      );
      const expectedTrace = continued ? caller.traceId : server.traceId;
      expectThat(
        parsed.traceId === expectedTrace && parsed.parentId === client.spanId && parsed.flags === '01',
        `traceparent 00-${expectedTrace}-${client.spanId}-01 (${continued ? "the caller's trace" : "the server span's trace"}, the client span as parent, sampled)`,
        () => `traceparent: ${header}${parsed.parentId === server.spanId ? ' (the server span as parent: the client span is missing from the chain)' : ''}`,
      );
    }
  },
});

export const newTrace = defineCheck({
  id: 'tracing.new-trace',
  title: 'Without traceparent, each request starts a new trace with a root server span',
  points: 2,
  hint: 'Lesson 06, "The traceparent header": with no traceparent, propagation.extract() gives the context it was given (ROOT_CONTEXT) and the SDK makes a new random trace id; never reuse one span or trace id as the parent of every request.',
  async run(context) {
    const stack = await startStack(context);
    const servers: ReceivedSpan[] = [];
    for (const id of [1, 2, 3]) {
      const found = await exchange(context, stack, { ...ORDER, path: `/orders/${id}` });
      servers.push(theOne(found.servers, 'SERVER', `for GET /orders/${id} without traceparent`, [...found.servers, ...found.clients]));
    }
    const notRoots = servers.filter((span) => !isRoot(span));
    expectThat(notRoots.length === 0, 'the server span of each request without traceparent to be a root (no parent)', () => notRoots.map(describeSpan).join('; '));
    const ids = new Set(servers.map((span) => span.traceId));
    expectThat(
      ids.size === servers.length && servers.every((span) => isValidTraceId(span.traceId)),
      '3 requests without traceparent in 3 different, valid traces',
      () => servers.map((span) => span.traceId).join(', '),
    );
  },
});

/** Headers that are not a traceparent a receiver may accept (W3C trace context, version 00). */
function malformedTraceparents(): Array<{ value: string; why: string; traceId?: string }> {
  const { traceId, parentId } = callerTrace();
  return [
    { value: 'garbage', why: 'not a traceparent at all' },
    { value: `00-${traceId}`, why: 'cut short', traceId },
    { value: `ff-${traceId}-${parentId}-01`, why: 'version ff, which the spec forbids', traceId },
    { value: `00-${'0'.repeat(32)}-${parentId}-01`, why: 'an all-zero trace id' },
    { value: `00-${traceId}-${'0'.repeat(16)}-01`, why: 'an all-zero parent id', traceId },
    { value: `00-${traceId.toUpperCase()}-${parentId}-01`, why: 'upper-case hex', traceId: traceId.toUpperCase() },
    { value: `00-${traceId}-${parentId}`, why: 'no flags', traceId },
  ];
}

export const malformedTraceparent = defineCheck({
  id: 'tracing.malformed-traceparent',
  title: 'A malformed traceparent is ignored safely: the request answers as usual, in a new trace',
  points: 2,
  hint: 'Lesson 06, "The traceparent header": let the W3C propagator parse the header (propagation.extract); parsed by hand, a header that is not what you expect throws, or makes up a trace id, and a caller\'s typo breaks your request.',
  async run(context) {
    const stack = await startStack(context);
    for (const malformed of malformedTraceparents()) {
      const { servers, clients } = await exchange(context, stack, { ...ORDER, headers: { traceparent: malformed.value } });
      const server = theOne(servers, 'SERVER', `for GET ${ORDER.path} with traceparent ${JSON.stringify(malformed.value)} (${malformed.why})`, [...servers, ...clients]);
      expectThat(
        isRoot(server) && isValidTraceId(server.traceId) && server.traceId !== malformed.traceId?.toLowerCase(),
        `with traceparent ${JSON.stringify(malformed.value)} (${malformed.why}), a root server span in a new, valid trace`,
        () => describeSpan(server),
      );
    }
    expectThat(stack.service.exit === undefined, 'the service still running after the malformed headers', () => `it exited (${describeExit(stack.service.exit!)})`);
  },
});

export const errorStatus = defineCheck({
  id: 'tracing.error-status',
  title: 'A failing inventory marks the client span and the 502 server span ERROR; a 400 is not a server error',
  points: 3,
  hint: 'Lesson 06, "Errors on spans": set SpanStatusCode.ERROR on the client span when the answer is 5xx (or 4xx) or fetch throws — and still end it, in a finally block; on the server span when c.res.status is 5xx; a 4xx the service answers is the caller\'s error, its status stays unset.',
  async run(context) {
    const stack = await startStack(context);
    const { inventory } = stack;

    inventory.setMode({ kind: 'failing', status: 500 });
    let found = await exchange(context, stack, { ...ORDER, status: 502 });
    let all = [...found.servers, ...found.clients];
    let client = theOne(found.clients, 'CLIENT', 'for a call the inventory answered 500', all);
    let server = theOne(found.servers, 'SERVER', `for GET ${ORDER.path}, answered 502`, all);
    expectThat(client.status.code === 'ERROR', 'the client span of a call the inventory answered with 500 to have status ERROR', () => describeSpan(client));
    expectThat(client.attributes['http.response.status_code'] === 500, 'the client span to record http.response.status_code=500', () => `http.response.status_code=${attribute(client, 'http.response.status_code')}`);
    expectThat(server.status.code === 'ERROR', 'the server span of the 502 the service answered to have status ERROR', () => describeSpan(server));

    inventory.setMode({ kind: 'down' });
    found = await exchange(context, stack, { ...ORDER, status: 502 });
    all = [...found.servers, ...found.clients];
    client = theOne(found.clients, 'CLIENT', 'for a call that failed without an answer (connection reset): a span that ends even when fetch throws', all);
    server = theOne(found.servers, 'SERVER', `for GET ${ORDER.path}, answered 502`, all);
    expectThat(client.status.code === 'ERROR', 'the client span of a call that failed without an answer to have status ERROR', () => describeSpan(client));
    expectThat(server.status.code === 'ERROR', 'the server span of the 502 to have status ERROR', () => describeSpan(server));

    inventory.setMode({ kind: 'up' });
    found = await exchange(context, stack, { path: '/orders/abc', status: 400, callsInventory: false });
    server = theOne(found.servers, 'SERVER', 'for GET /orders/abc, answered 400', [...found.servers, ...found.clients]);
    expectThat(server.status.code !== 'ERROR', "the server span of a 400 not to be an error: the caller's mistake is no fault of the server", () => describeSpan(server));
  },
});

/** Requests sent at once in the batching check. */
const BURST = 10;

export const batched = defineCheck({
  id: 'tracing.batched',
  title: `${BURST} requests' spans reach the collector in a few batches, not one export per span`,
  points: 2,
  hint: 'Lesson 06, "The OpenTelemetry SDK": a BatchSpanProcessor, not a SimpleSpanProcessor: one export per span is one more HTTP request per span, made as each request ends.',
  async run(context) {
    const stack = await startStack(context);
    context.step(`sending ${BURST} orders at once`);
    await Promise.all(Array.from({ length: BURST }, (_, i) => get(stack.service, `/orders/${i + 1}`, 200)));
    const spans = await waitForSpans(context, stack.collector, (all) => ofKind(all, 'SERVER').length >= BURST && ofKind(all, 'CLIENT').length >= BURST);
    const exports = stack.collector.exports().filter((entry) => entry.spanCount > 0).length;
    context.measure('exports', exports);
    if (ofKind(spans, 'SERVER').length < BURST) fail(`the server spans of the ${BURST} requests`, listSpans(spans));
    // Two spans a request; a batch processor sends them in one or two exports, a simple one in one each.
    const most = Math.floor((2 * BURST) / 4);
    expectThat(exports <= most, `the ${2 * BURST} spans of ${BURST} requests in at most ${most} exports`, () => `${exports} exports for ${spans.length} spans`);
  },
});

/** How promptly orders must answer while the collector hangs. */
const PROMPT_MS = 1000;

export const collectorOutageHarmless = defineCheck({
  id: 'tracing.collector-outage-harmless',
  title: 'While the collector hangs, orders still answer promptly',
  points: 2,
  hint: 'Lesson 06, "The OpenTelemetry SDK": exporting is the batch processor\'s job, in the background; never await forceFlush() or an export on the request path, or a slow collector slows every answer.',
  async run(context) {
    const stack = await startStack(context);
    stack.collector.setMode({ kind: 'hanging' });
    let slowest = 0;
    for (const id of [1, 2, 3]) {
      context.step(`sending GET /orders/${id} while the collector hangs`);
      // Three times the promise, so a request that waits for the collector fails fast, within the check's time.
      const outcome = await stack.service.request(`/orders/${id}`, { timeoutMs: 3 * PROMPT_MS });
      expectThat(
        outcome.kind === 'response' && outcome.status === 200 && outcome.durationMs < PROMPT_MS,
        `GET /orders/${id} answered 200 within ${PROMPT_MS} ms while the collector hangs`,
        () => shown(outcome),
      );
      slowest = Math.max(slowest, outcome.durationMs);
    }
    context.measure('slowestMs', slowest);
  },
});

/** Orders sent right before SIGTERM. */
const LAST_ORDERS = 5;

export const flushOnSigterm = defineCheck({
  id: 'tracing.flush-on-sigterm',
  needs: ['signals'],
  title: `The spans of the last ${LAST_ORDERS} orders reach the collector when SIGTERM comes right after them`,
  points: 3,
  hint: 'Lesson 06, "Flushing on shutdown": on SIGTERM, after server.close(), await tracing.shutdown() (provider.shutdown()) before process.exit(): the batch processor holds the spans it has not exported yet, and exit() drops them.',
  async run(context) {
    // A long delay between exports: whatever reaches the collector was sent at shutdown.
    const stack = await startStack(context, { OTEL_BSP_SCHEDULE_DELAY: '60000' });
    context.step(`sending ${LAST_ORDERS} orders`);
    for (let id = 1; id <= LAST_ORDERS; id++) await get(stack.service, `/orders/${id}`, 200);
    const before = stack.collector.spans().length;
    context.step('sending SIGTERM');
    stack.service.signal('SIGTERM');
    const exit = await stack.service.waitForExit(8000);
    const spans = stack.collector.spans();
    context.measure('spansExportedBeforeSigterm', before);
    context.measure('spansAtCollector', spans.length);
    if (!exit) fail('the service to exit within 8 s of SIGTERM', 'still running');
    expectThat(
      ofKind(spans, 'SERVER').length >= LAST_ORDERS && ofKind(spans, 'CLIENT').length >= LAST_ORDERS,
      `the ${LAST_ORDERS * 2} spans of the ${LAST_ORDERS} orders (a server and a client span each) at the collector by the time the process exited`,
      () => `${spans.length} span${spans.length === 1 ? '' : 's'} after it exited (${describeExit(exit)})`,
    );
    expectThat(exit.code === 0, 'exit code 0 after a clean shutdown', () => describeExit(exit));
  },
});

export const checks = [
  serviceAnswers,
  listensOnHostCheck,
  logsAreStructured,
  exportsOtlp,
  serviceName,
  serverSpan,
  clientSpan,
  clientSpanCoversCall,
  continuesTrace,
  propagates,
  newTrace,
  malformedTraceparent,
  errorStatus,
  batched,
  collectorOutageHarmless,
  flushOnSigterm,
];
