/**
 * @module
 * The checks of lab 05, metrics. Each starts its own service, sends it traffic whose every request it
 * knows (method, route, status, how many, how slow), scrapes GET /metrics before and after as
 * Prometheus would, and judges the difference. The exposition is read by a strict parser of the text
 * format (src/engine/exposition.ts, which says why no npm parser would do), never by patterns.
 *
 * Each requirement lesson 05 states (its section in brackets) → the checks that prove it:
 *
 * - listens on PORT and HOST, keeps the routes of src/app.ts ("The lab") → service.answers, and every check
 * - … on the address in HOST: started with HOST=127.0.0.2, answers there ("The lab") → service.listens-on-host
 * - stdout is JSON lines with level, msg and time, a failing handler included ("The lab") → logs.structured
 * - GET /metrics answers with Content-Type text/plain; version=0.0.4 ("Exposing /metrics") → metrics.content-type
 * - the body is valid text exposition format, as Prometheus parses it ("Exposing /metrics") → metrics.valid-exposition
 * - default process metrics: CPU, memory, event-loop lag ("USE: the process's own metrics")
 *   → metrics.default-process-metrics
 * - http_requests_total{method,route,status} is a counter whose series grow by exactly the requests
 *   sent, 2xx and 4xx ("RED: rate, errors, duration") → metrics.counts-match-traffic
 * - a handler that throws is counted with status 500, in the counter and the histogram, as the error
 *   handler answered it ("Status codes and errors") → metrics.status-when-handler-throws
 * - http_request_duration_seconds{method,route,status} is a histogram, not an average or a summary;
 *   its buckets are cumulative, +Inf equals _count, and _count grows with every request the counter
 *   counts ("Why an average lies") → metrics.duration-histogram
 * - durations are in seconds, as the name says, and match the time the requests took
 *   ("Choosing buckets") → metrics.duration-in-seconds
 * - buckets fit a web service: one at 25 ms or below, one at 1 s or above, three or more between
 *   ("Choosing buckets") → metrics.buckets-fit-web-service
 * - route is the template, never the path: 500 ids make one series per status ("Labels and cardinality")
 *   → metrics.route-templates
 * - paths that match no route share one route label, not empty and not the middleware's "/*"
 *   ("Labels and cardinality") → metrics.unmatched-share-label
 * - http_requests_in_flight is a gauge: 0 when idle, exactly the number of requests in flight during
 *   slow requests, back to 0 after them and after handlers that throw ("Requests in flight") → metrics.in-flight
 * - scrapes of /metrics are not traffic: no series for /metrics, in flight 0 during a scrape
 *   ("Exposing /metrics") → metrics.scrape-not-counted
 *
 * Not checked, with the reason in the lesson's "Pitfalls": the cost of a scrape and of the middleware
 * (bench/metrics-overhead.ts measures it), HELP texts, and label values' sizes beyond routes (method
 * and status are bounded by HTTP itself). The checks send no Accept header, so a service that
 * negotiates OpenMetrics must still answer them in text format 0.0.4.
 *
 * Margins: counts are compared exactly, since a metric is right or wrong by whole requests, and the
 * checks wait for every response before they scrape. Durations get 5 % below the sleep the requests
 * asked for and the client's own measurement plus 50 ms above it (the server's clock runs inside the
 * client's); a duration in milliseconds is off by a factor of a thousand. The in-flight check polls
 * during a 1.5 s window, where the three slow requests overlap by more than a second.
 */
import { listensOnHost } from '../../src/engine/common-checks.ts';
import { type CheckContext, defineCheck, expectThat, fail } from '../../src/engine/check.ts';
import { describeOutcome } from '../../src/engine/describe.ts';
import type { HttpOutcome, ServiceInstance } from '../../src/engine/harness.ts';
import { firstUnstructuredLine } from '../../src/engine/structured-logs.ts';
import {
  countsOf,
  DURATION,
  durations,
  gaugeValue,
  growth,
  IN_FLIGHT,
  REQUESTS,
  requestCounts,
  scrape,
  seriesKey,
  seriesOfKey,
  showSeries,
} from './scrape.ts';

interface Request {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  /** The route template the request matches, and the status src/app.ts answers it with. */
  route: string;
  status: number;
  times: number;
}

const VALID_ORDER = JSON.stringify({ item: 'coffee', quantity: 2 });
const INVALID_ORDER = JSON.stringify({ item: 'coffee', quantity: 0 });

/** 2xx and 4xx on routes with and without a parameter, GET and POST; what the counts are checked against. */
const MIXED_TRAFFIC: Request[] = [
  { method: 'GET', path: '/users', route: '/users', status: 200, times: 4 },
  { method: 'GET', path: '/users/7', route: '/users/:id', status: 200, times: 3 },
  { method: 'GET', path: '/users/4242', route: '/users/:id', status: 404, times: 2 },
  { method: 'POST', path: '/orders', body: VALID_ORDER, route: '/orders', status: 201, times: 2 },
  { method: 'POST', path: '/orders', body: INVALID_ORDER, route: '/orders', status: 400, times: 3 },
];

const BOOM: Request = { method: 'GET', path: '/boom', route: '/boom', status: 500, times: 3 };

const shown = (outcome: HttpOutcome) =>
  outcome.kind === 'response' ? `${describeOutcome(outcome)}: ${outcome.body.slice(0, 200) || '(empty body)'}` : describeOutcome(outcome);

/** Sends one request and insists on the status src/app.ts gives it: the metrics code must not change answers. */
async function sendOne(service: ServiceInstance, request: Request, timeoutMs = 5000): Promise<HttpOutcome> {
  const outcome = await service.request(request.path, {
    method: request.method,
    timeoutMs,
    ...(request.body === undefined ? {} : { body: request.body, headers: { 'content-type': 'application/json' } }),
  });
  if (outcome.kind !== 'response' || outcome.status !== request.status) {
    fail(`${request.method} ${request.path} to answer ${request.status}, as src/app.ts does: metrics observe answers, never change them`, shown(outcome));
  }
  return outcome;
}

/** Sends every request of `traffic`, `concurrency` at a time. */
async function send(context: CheckContext, service: ServiceInstance, traffic: readonly Request[], concurrency = 4): Promise<void> {
  const queue = traffic.flatMap((request) => Array.from({ length: request.times }, () => request));
  context.step(`sending ${queue.length} requests`);
  const worker = async () => {
    for (let request = queue.shift(); request; request = queue.shift()) await sendOne(service, request);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** What each series must grow by for `traffic`. */
function expectedGrowth(traffic: readonly Request[]): Map<string, number> {
  const expected = new Map<string, number>();
  for (const { method, route, status, times } of traffic) {
    const key = seriesKey({ method, route, status: String(status) });
    expected.set(key, (expected.get(key) ?? 0) + times);
  }
  return expected;
}

/** Scrapes are judged by metrics.scrape-not-counted; the other checks leave their series out. */
const withoutScrapes = (grown: Map<string, number>) => new Map([...grown].filter(([key]) => seriesOfKey(key).route !== '/metrics'));

/** Fails unless `grown` is exactly `expected`, listing the first differences. */
function expectGrowth(metric: string, what: string, grown: Map<string, number>, expected: Map<string, number>, hint = ''): void {
  const problems: string[] = [];
  for (const [key, times] of expected) {
    const actual = grown.get(key) ?? 0;
    if (actual !== times) problems.push(`${showSeries(metric, seriesOfKey(key))} grew by ${actual}, not ${times}`);
  }
  for (const [key, actual] of grown) {
    if (!expected.has(key)) problems.push(`${showSeries(metric, seriesOfKey(key))} grew by ${actual}, though no request with that method, route and status was sent`);
  }
  expectThat(
    problems.length === 0,
    `${metric} to grow by exactly ${what}: ${[...expected].map(([key, times]) => `${showSeries(metric, seriesOfKey(key))} +${times}`).join(', ')}`,
    () => `${problems.slice(0, 4).join('; ')}${problems.length > 4 ? `; and ${problems.length - 4} more` : ''}${hint}`,
  );
}

export const serviceAnswers = defineCheck({
  id: 'service.answers',
  title: 'The service starts and answers GET /',
  points: 1,
  hint: 'Lesson 05, "The lab": the service must listen on process.env.PORT and keep the routes of src/app.ts.',
  async run(context) {
    const service = await context.start();
    const outcome = await service.request('/');
    expectThat(outcome.kind === 'response' && outcome.status === 200, 'GET / to answer HTTP 200', () => shown(outcome));
  },
});

export const listensOnHostCheck = listensOnHost({ lesson: 'Lesson 05' });

export const logsAreStructured = defineCheck({
  id: 'logs.structured',
  title: 'Every line the service prints to stdout is a JSON log with level, msg and time',
  points: 1,
  hint: 'Lesson 05, "The lab": log through `log` from src/log.ts, never console.log with free text; a metrics middleware has no reason to log each request.',
  async run(context) {
    const service = await context.start();
    await send(context, service, [...MIXED_TRAFFIC, BOOM]);
    await scrape(service);
    await context.sleep(300); // the last line may trail the last response
    const bad = firstUnstructuredLine(service);
    expectThat(
      !bad,
      'every stdout line, through 2xx, 4xx, a handler that throws and a scrape, to be a JSON object with string fields level, msg and time',
      () => `the line ${JSON.stringify(bad!.text.slice(0, 200))}`,
    );
  },
});

export const contentType = defineCheck({
  id: 'metrics.content-type',
  title: 'GET /metrics says it speaks the Prometheus text format, version 0.0.4',
  points: 1,
  hint: 'Lesson 05, "Exposing /metrics": answer with the registry\'s own contentType (text/plain; version=0.0.4; charset=utf-8), not c.text()\'s plain text or JSON.',
  async run(context) {
    const service = await context.start();
    const { outcome } = await scrape(service);
    const header = outcome.headers['content-type'] ?? '';
    const [mediaType = '', ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
    expectThat(
      mediaType === 'text/plain' && parameters.includes('version=0.0.4'),
      'Content-Type: text/plain; version=0.0.4 (with charset=utf-8): the version tells a scraper how to parse the body',
      () => (header ? `Content-Type: ${header}` : 'no Content-Type'),
    );
  },
});

export const validExposition = defineCheck({
  id: 'metrics.valid-exposition',
  title: 'GET /metrics answers in valid Prometheus text format, with the three request metrics',
  points: 2,
  hint: 'Lesson 05, "Exposing /metrics": serve `await registry.metrics()` as it is; JSON (getMetricsAsJSON) or text of your own is not what Prometheus scrapes.',
  async run(context) {
    const service = await context.start();
    await send(context, service, MIXED_TRAFFIC.slice(0, 1));
    const scraped = await scrape(service);
    const missing = [REQUESTS, DURATION, IN_FLIGHT].filter((name) => !scraped.families.has(name));
    expectThat(
      missing.length === 0,
      `the exposition to hold ${REQUESTS}, ${DURATION} and ${IN_FLIGHT}`,
      () => `no ${missing.join(', no ')}; it has ${[...scraped.families.keys()].filter((name) => !/^(process|nodejs)_/.test(name)).join(', ') || 'only the default process metrics'}`,
    );
  },
});

export const defaultProcessMetrics = defineCheck({
  id: 'metrics.default-process-metrics',
  title: "The process's own CPU, memory and event-loop lag are exposed (USE)",
  points: 1,
  hint: 'Lesson 05, "USE: the process\'s own metrics": call collectDefaultMetrics({ register: registry }) with the registry /metrics serves; without register it fills the global one.',
  async run(context) {
    const service = await context.start();
    const scraped = await scrape(service);
    const wanted = [
      { what: 'CPU', names: ['process_cpu_seconds_total', 'process_cpu_user_seconds_total'] },
      { what: 'memory', names: ['process_resident_memory_bytes', 'nodejs_heap_size_used_bytes'] },
      { what: 'event-loop lag', names: ['nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds'] },
    ];
    const missing = wanted.filter(({ names }) => !names.some((name) => scraped.families.get(name)?.samples.length));
    expectThat(
      missing.length === 0,
      `prom-client's default metrics: ${wanted.map(({ what, names }) => `${what} (${names.join(' or ')})`).join(', ')}`,
      () => `no ${missing.map(({ what }) => what).join(', no ')} metric among ${scraped.families.size} metrics`,
    );
  },
});

export const countsMatchTraffic = defineCheck({
  id: 'metrics.counts-match-traffic',
  title: 'http_requests_total grows by exactly the requests sent, by method, route template and status',
  points: 3,
  hint: 'Lesson 05, "RED: rate, errors, duration": one Counter made once, labelled method, route and status, incremented once per request after await next(), in the registry /metrics serves.',
  async run(context) {
    const service = await context.start();
    const before = requestCounts(await scrape(service));
    await send(context, service, MIXED_TRAFFIC);
    const after = requestCounts(await scrape(service));
    expectGrowth(REQUESTS, 'the requests sent', withoutScrapes(growth(before, after)), expectedGrowth(MIXED_TRAFFIC));
  },
});

export const statusWhenHandlerThrows = defineCheck({
  id: 'metrics.status-when-handler-throws',
  title: 'A request whose handler throws is counted and timed with status 500, as the error handler answered it',
  points: 2,
  hint: 'Lesson 05, "Status codes and errors": read c.res.status after await next(): by then Hono has run the error handler, and c.res is the 500 the client gets; before next() it is a placeholder 200.',
  async run(context) {
    const service = await context.start();
    const first = await scrape(service);
    const [countsBefore, durationsBefore] = [requestCounts(first), durations(first)];
    await send(context, service, [BOOM]);
    const second = await scrape(service);
    const expected = expectedGrowth([BOOM]);
    const hint = '; a status read before the error handler ran is the placeholder 200';
    expectGrowth(REQUESTS, `the ${BOOM.times} requests to GET /boom, whose handler throws`, withoutScrapes(growth(countsBefore, requestCounts(second))), expected, hint);
    expectGrowth(`${DURATION}_count`, `the ${BOOM.times} requests to GET /boom`, withoutScrapes(growth(countsOf(durationsBefore), countsOf(durations(second)))), expected, hint);
  },
});

export const durationHistogram = defineCheck({
  id: 'metrics.duration-histogram',
  title: 'http_request_duration_seconds is a histogram, consistent, and observes every request the counter counts',
  points: 3,
  hint: 'Lesson 05, "Why an average lies": a Histogram (not a Gauge of the mean, not a Summary), labelled like the counter, observed for every request, errors included.',
  async run(context) {
    const service = await context.start();
    const before = countsOf(durations(await scrape(service)));
    await send(context, service, [...MIXED_TRAFFIC, BOOM]);
    // durations() fails unless it is a histogram whose buckets are cumulative and end in +Inf = _count.
    const after = countsOf(durations(await scrape(service)));
    expectGrowth(`${DURATION}_count`, 'one observation per request sent', withoutScrapes(growth(before, after)), expectedGrowth([...MIXED_TRAFFIC, BOOM]));
  },
});

/** How long each slow request of the duration checks sleeps. */
const SLOW_MS = 400;

export const durationInSeconds = defineCheck({
  id: 'metrics.duration-in-seconds',
  title: 'Durations are recorded in seconds and match how long the requests took',
  points: 2,
  hint: 'Lesson 05, "Choosing buckets": Prometheus measures time in seconds; divide performance.now() differences by 1000 (or use startTimer()), and start the clock before await next().',
  async run(context) {
    const service = await context.start();
    const before = durations(await scrape(service));
    const slow: Request = { method: 'GET', path: `/slow?ms=${SLOW_MS}`, route: '/slow', status: 200, times: 1 };
    context.step(`sending 3 concurrent GET /slow?ms=${SLOW_MS}`);
    const outcomes = await Promise.all([1, 2, 3].map(() => sendOne(service, slow)));
    const after = durations(await scrape(service));
    const key = seriesKey({ method: 'GET', route: '/slow', status: '200' });
    const series = showSeries(DURATION, seriesOfKey(key));
    const count = (after.get(key)?.count ?? 0) - (before.get(key)?.count ?? 0);
    const sum = (after.get(key)?.sum ?? 0) - (before.get(key)?.sum ?? 0);
    if (count !== 3) fail(`${series} to count the 3 requests`, `it grew by ${count}`);
    const clientSeconds = outcomes.reduce((total, outcome) => total + outcome.durationMs, 0) / 1000;
    const least = (3 * SLOW_MS * 0.95) / 1000;
    const most = clientSeconds + 0.05;
    context.measure('inherentWaitMs', SLOW_MS);
    context.measure('recordedToClientPercent', (sum / clientSeconds) * 100);
    expectThat(
      sum >= least && sum <= most,
      `the _sum of ${series} to grow by the three durations in seconds: at least ${least.toFixed(2)} (3 × ${SLOW_MS} ms of sleep), at most the ${most.toFixed(2)} the client measured`,
      () => `it grew by ${sum}${sum > 100 * most ? ': milliseconds, not seconds' : ''}`,
    );
  },
});

/** What a web service's latencies need: resolution from fast cache hits to slow dependencies. */
const FAST_BOUND_S = 0.025;
const SLOW_BOUND_S = 1;
const BOUNDS_BETWEEN = 3;

export const bucketsFitWebService = defineCheck({
  id: 'metrics.buckets-fit-web-service',
  title: 'The histogram buckets fit a web service: from 25 ms or less to 1 s or more, with resolution between',
  points: 2,
  hint: 'Lesson 05, "Choosing buckets": bounds are in seconds, e.g. prom-client\'s defaults [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]; a percentile can only be as precise as the buckets around it.',
  async run(context) {
    const service = await context.start();
    await send(context, service, MIXED_TRAFFIC.slice(0, 1));
    const all = [...durations(await scrape(service)).values()];
    if (!all.length) fail(`${DURATION} to have a series after a request`, 'no series');
    const bounds = [...all[0]!.buckets.keys()].filter((le) => le !== Infinity);
    const between = bounds.filter((le) => le > FAST_BOUND_S && le < SLOW_BOUND_S);
    expectThat(
      bounds.some((le) => le <= FAST_BOUND_S) && bounds.some((le) => le >= SLOW_BOUND_S) && between.length >= BOUNDS_BETWEEN,
      `bucket bounds in seconds with one at ${FAST_BOUND_S} or below, one at ${SLOW_BOUND_S} or above, and at least ${BOUNDS_BETWEEN} between`,
      () => `the bounds ${bounds.join(', ') || '(only +Inf)'}`,
    );
  },
});

/** How many distinct /users/:id paths the cardinality check sends. */
const FLOOD_SIZE = 500;

export const routeTemplates = defineCheck({
  id: 'metrics.route-templates',
  title: `${FLOOD_SIZE} different user ids make one series per status, labelled route="/users/:id"`,
  points: 3,
  hint: 'Lesson 05, "Labels and cardinality": label with the route template Hono matched (routePath(c, -1) from hono/route), never c.req.path: each distinct label value is a new series for Prometheus to keep.',
  async run(context) {
    const service = await context.start();
    const first = await scrape(service);
    const before = requestCounts(first);
    const flood: Request[] = Array.from({ length: FLOOD_SIZE }, (_, i) => ({
      method: 'GET',
      path: `/users/${i + 1}`,
      route: '/users/:id',
      status: i < 100 ? 200 : 404,
      times: 1,
    }));
    await send(context, service, flood, 10);
    const second = await scrape(service);
    const grown = withoutScrapes(growth(before, requestCounts(second)));
    context.measure('seriesAfterFlood', grown.size);
    context.measure('expositionGrowthBytes', second.outcome.body.length - first.outcome.body.length);
    const routes = [...new Set([...grown.keys()].map((key) => seriesOfKey(key).route))];
    expectThat(
      routes.length === 1 && routes[0] === '/users/:id',
      `the ${FLOOD_SIZE} requests to be counted under the one route label "/users/:id"`,
      () => `${routes.length} route label values, e.g. ${routes.slice(0, 3).map((route) => JSON.stringify(route)).join(', ')}: ${routes.length > 10 ? 'one series per path, and a crawler or a scanner can make millions' : 'not the template'}`,
    );
    expectGrowth(REQUESTS, `the ${FLOOD_SIZE} requests`, grown, expectedGrowth(flood));
    // The histogram, when it is one, must not blow up either: one series per status, not per path.
    if (second.families.get(DURATION)?.type === 'histogram') {
      const durationRoutes = new Set([...durations(second).keys()].map((key) => seriesOfKey(key).route).filter((route) => route.startsWith('/users/')));
      expectThat(
        durationRoutes.size <= 1,
        `${DURATION} to label the ${FLOOD_SIZE} requests with the template too`,
        () => `${durationRoutes.size} route label values under /users/`,
      );
    }
  },
});

/** Paths no route of src/app.ts matches, as scanners and typos send them. */
const UNMATCHED_PATHS = [
  '/nope',
  '/admin',
  '/wp-login.php',
  '/.env',
  '/favicon.ico',
  '/robots.txt',
  '/users/7/orders',
  '/orders/1',
  '/api/v1/users',
  '/users/',
  ...Array.from({ length: 10 }, (_, i) => `/scan/${i}-${Math.random().toString(36).slice(2, 8)}`),
];

export const unmatchedShareLabel = defineCheck({
  id: 'metrics.unmatched-share-label',
  title: 'Requests to paths that match no route share one route label',
  points: 2,
  hint: 'Lesson 05, "Labels and cardinality": when no route matched (routePath(c, -1) is the middleware\'s own "/*", as routePath(c, 0) is), use one fixed, non-empty label such as "unmatched", never the path.',
  async run(context) {
    const service = await context.start();
    const before = requestCounts(await scrape(service));
    const unmatched: Request[] = [
      ...UNMATCHED_PATHS.map((path): Request => ({ method: 'GET', path, route: '?', status: 404, times: 1 })),
      { method: 'POST', path: '/users', body: '{}', route: '?', status: 404, times: 1 },
    ];
    await send(context, service, unmatched);
    const grown = withoutScrapes(growth(before, requestCounts(await scrape(service))));
    const routes = [...new Set([...grown.keys()].map((key) => seriesOfKey(key).route))];
    const total = [...grown.values()].reduce((sum, value) => sum + value, 0);
    const sent = new Set(unmatched.map(({ path }) => path));
    const [only] = routes;
    // An empty value is no label at all to Prometheus; "/*" is the middleware's own pattern, which every path matches.
    const why = (route: string) =>
      sent.has(route) ? ', a path that was sent' : route === '' ? ', an empty value, which Prometheus treats as no label' : route.includes('*') ? ', a wildcard pattern (the middleware\'s own), which every path matches' : '';
    expectThat(
      routes.length === 1 && why(only!) === '' && total === unmatched.length,
      `the ${unmatched.length} requests to ${unmatched.length} different unmatched paths to be counted under one non-empty route label that is none of the paths and not the middleware's "/*"`,
      () =>
        routes.length === 1
          ? `${total} counted under route=${JSON.stringify(only)}${why(only!)}`
          : `${routes.length} route label values, e.g. ${routes.slice(0, 4).map((route) => JSON.stringify(route)).join(', ')}`,
    );
    const statuses = [...new Set([...grown.keys()].map((key) => seriesOfKey(key).status))];
    expectThat(statuses.length === 1 && statuses[0] === '404', 'status="404" for every unmatched path', () => `status ${statuses.join(', ')}`);
  },
});

/** How long the in-flight check keeps its slow requests busy. */
const IN_FLIGHT_MS = 1500;
const CONCURRENT = 3;

export const inFlight = defineCheck({
  id: 'metrics.in-flight',
  title: `http_requests_in_flight is ${CONCURRENT} during ${CONCURRENT} slow requests, and back to 0 after them and after handlers that throw`,
  points: 3,
  hint: 'Lesson 05, "Requests in flight": a Gauge, inc() when a request arrives and dec() in a finally block, so every request that went up comes down, whatever happened to it; set(1) and set(0) forget the others.',
  async run(context) {
    const service = await context.start();
    const idle = gaugeValue(await scrape(service), IN_FLIGHT);
    expectThat(idle === 0, `${IN_FLIGHT} 0 while no request is in flight (a scrape is not one)`, () => String(idle));

    const slow: Request = { method: 'GET', path: `/slow?ms=${IN_FLIGHT_MS}`, route: '/slow', status: 200, times: 1 };
    context.step(`sending ${CONCURRENT} concurrent GET /slow?ms=${IN_FLIGHT_MS} and scraping meanwhile`);
    let done = false;
    const requests = Promise.all(Array.from({ length: CONCURRENT }, () => sendOne(service, slow))).finally(() => {
      done = true;
    });
    requests.catch(() => {}); // awaited below; a failure must not go unhandled while the loop scrapes
    const seen: number[] = [];
    while (!done) {
      seen.push(gaugeValue(await scrape(service), IN_FLIGHT));
      if (seen.at(-1) === CONCURRENT) break;
      await context.sleep(100);
    }
    await requests;
    context.measure('inherentWaitMs', IN_FLIGHT_MS);
    expectThat(
      seen.includes(CONCURRENT),
      `${IN_FLIGHT} to reach ${CONCURRENT} while ${CONCURRENT} slow requests are in flight`,
      () => `it read ${[...new Set(seen)].join(', ') || 'nothing'} during the ${IN_FLIGHT_MS} ms they took`,
    );
    const after = gaugeValue(await scrape(service), IN_FLIGHT);
    expectThat(after === 0, `${IN_FLIGHT} back to 0 once the slow requests were answered`, () => String(after));

    await send(context, service, [BOOM]);
    const afterErrors = gaugeValue(await scrape(service), IN_FLIGHT);
    expectThat(
      afterErrors === 0,
      `${IN_FLIGHT} back to 0 after ${BOOM.times} requests whose handler threw`,
      () => `${afterErrors}: the requests that failed were never taken out`,
    );
  },
});

export const scrapeNotCounted = defineCheck({
  id: 'metrics.scrape-not-counted',
  title: 'Scrapes of /metrics are not counted as traffic',
  points: 2,
  hint: 'Lesson 05, "Exposing /metrics": let the middleware pass /metrics straight to next() before it counts anything; a service scraped every 15 s would otherwise never look idle, nor have an honest request rate.',
  async run(context) {
    const service = await context.start();
    context.step('scraping /metrics 5 times');
    let last = await scrape(service);
    for (let i = 0; i < 4; i++) last = await scrape(service);
    const counted = [...requestCounts(last).keys()].map(seriesOfKey).filter((series) => series.route.startsWith('/metrics'));
    expectThat(
      counted.length === 0,
      `no ${REQUESTS} series for /metrics after 5 scrapes`,
      () => counted.map((series) => showSeries(REQUESTS, series)).join(', '),
    );
    if (last.families.get(DURATION)?.type === 'histogram') {
      const timed = [...durations(last).keys()].map(seriesOfKey).filter((series) => series.route.startsWith('/metrics'));
      expectThat(timed.length === 0, `no ${DURATION} series for /metrics`, () => timed.map((series) => showSeries(DURATION, series)).join(', '));
    }
    const during = gaugeValue(last, IN_FLIGHT);
    expectThat(during === 0, `${IN_FLIGHT} 0 in a scrape with nothing else in flight`, () => `${during}: the scrape counts itself`);
  },
});

export const checks = [
  serviceAnswers,
  listensOnHostCheck,
  logsAreStructured,
  contentType,
  validExposition,
  defaultProcessMetrics,
  countsMatchTraffic,
  statusWhenHandlerThrows,
  durationHistogram,
  durationInSeconds,
  bucketsFitWebService,
  routeTemplates,
  unmatchedShareLabel,
  inFlight,
  scrapeNotCounted,
];
