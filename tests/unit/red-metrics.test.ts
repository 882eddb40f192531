/**
 * The RED panel's arithmetic matches Prometheus's: rate() over two scrapes (a restarted counter is a
 * reset, not a negative rate), 5xx over all for the error ratio, and histogram_quantile() over the
 * window's bucket increase summed by le. A failed scrape, a malformed exposition or a missing metric
 * is a state of its own, never a zero.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseExposition } from '../../src/engine/exposition.ts';
import type { HttpOutcome } from '../../src/engine/harness.ts';
import { NO_ROUTE_LABEL, quantileFromBuckets, redReading, redSnapshot, routeReadings, routeSeriesCount } from '../../src/engine/red-metrics.ts';
import { describeReading, describeRoute, describeRouteSeries, describeState, keepsGrowing, RedTracker } from '../../src/workspace/panels/red-tracker.ts';

const names = { requests: 'http_requests_total', duration: 'http_request_duration_seconds', inFlight: 'http_requests_in_flight', statusLabel: 'status' };

/** A scrape as prom-client serves it: `ok` and `boom` requests, their durations in buckets 0.1, 0.5, +Inf. */
function exposition({ ok, boom, fast, medium, inFlight = 0 }: { ok: number; boom: number; fast: number; medium: number; inFlight?: number }): string {
  const series = (route: string, status: string, le: string, count: number) =>
    `http_request_duration_seconds_bucket{le="${le}",method="GET",route="${route}",status="${status}"} ${count}`;
  return [
    '# HELP http_requests_total Requests.',
    '# TYPE http_requests_total counter',
    `http_requests_total{method="GET",route="/users",status="200"} ${ok}`,
    `http_requests_total{method="GET",route="/boom",status="500"} ${boom}`,
    '# HELP http_request_duration_seconds Durations.',
    '# TYPE http_request_duration_seconds histogram',
    series('/users', '200', '0.1', fast),
    series('/users', '200', '0.5', fast + medium),
    series('/users', '200', '+Inf', fast + medium),
    `http_request_duration_seconds_sum{method="GET",route="/users",status="200"} 1`,
    `http_request_duration_seconds_count{method="GET",route="/users",status="200"} ${fast + medium}`,
    series('/boom', '500', '0.1', boom),
    series('/boom', '500', '0.5', boom),
    series('/boom', '500', '+Inf', boom),
    `http_request_duration_seconds_sum{method="GET",route="/boom",status="500"} 0.1`,
    `http_request_duration_seconds_count{method="GET",route="/boom",status="500"} ${boom}`,
    '# HELP http_requests_in_flight In flight.',
    '# TYPE http_requests_in_flight gauge',
    `http_requests_in_flight ${inFlight}`,
    '',
  ].join('\n');
}

const snapshot = (text: string, atMs: number) => redSnapshot(parseExposition(text), names, atMs);
const response = (body: string, status = 200): HttpOutcome => ({ kind: 'response', status, headers: {}, body, durationMs: 2 });

test('quantiles from cumulative buckets interpolate within the bucket, as histogram_quantile() does', () => {
  const buckets = [
    { le: 0.1, count: 50 },
    { le: 0.5, count: 90 },
    { le: Infinity, count: 100 },
  ];
  assert.equal(quantileFromBuckets(0.5, buckets), 0.1);
  assert.ok(Math.abs(quantileFromBuckets(0.7, buckets)! - 0.3) < 1e-9, 'halfway through the 0.1–0.5 bucket');
  assert.equal(quantileFromBuckets(0.25, buckets), 0.05, 'the first bucket starts at zero');
  assert.equal(quantileFromBuckets(0.95, buckets), 0.5, 'in +Inf: the highest finite bound, all the buckets can say');
  assert.equal(quantileFromBuckets(0.5, [{ le: 0.1, count: 0 }, { le: Infinity, count: 0 }]), undefined, 'no observations: no quantile');
  assert.equal(quantileFromBuckets(0.5, [{ le: 0.1, count: 3 }]), undefined, 'no +Inf bucket: not a histogram Prometheus would read');
});

test('rate, error ratio and percentiles come from what changed between two scrapes', () => {
  const before = snapshot(exposition({ ok: 100, boom: 10, fast: 100, medium: 0 }), 0);
  const after = snapshot(exposition({ ok: 136, boom: 14, fast: 120, medium: 16, inFlight: 3 }), 2000);
  const reading = redReading(before, after);
  assert.equal(reading.rate, 20, '40 requests in 2 s');
  assert.equal(reading.errorRatio, 0.1, '4 of 40 answered 500');
  // Window buckets summed by le: 0.1 → 20 + 4 = 24, 0.5 → 40, +Inf → 40.
  assert.equal(reading.p50, 0.1 * (20 / 24));
  assert.ok(Math.abs(reading.p95! - (0.1 + 0.4 * ((38 - 24) / 16))) < 1e-9);
  assert.equal(reading.inFlight, 3);
});

test('no requests in the window: rate 0, and no error ratio or percentile instead of a made-up zero', () => {
  const text = exposition({ ok: 5, boom: 1, fast: 5, medium: 0 });
  const reading = redReading(snapshot(text, 0), snapshot(text, 1000));
  assert.equal(reading.rate, 0);
  assert.equal(reading.errorRatio, undefined);
  assert.equal(reading.p95, undefined);
  assert.equal(describeReading(reading).p95, 'no requests');
});

test('a counter that went down restarted from zero: its new value is the increase, as rate() assumes', () => {
  const before = snapshot(exposition({ ok: 500, boom: 50, fast: 500, medium: 0 }), 0);
  const after = snapshot(exposition({ ok: 9, boom: 1, fast: 9, medium: 0 }), 1000);
  const reading = redReading(before, after);
  assert.equal(reading.rate, 10);
  assert.equal(reading.errorRatio, 0.1);
});

test('the tracker waits for a second scrape, then reads over its window', () => {
  const tracker = new RedTracker(names, 5000);
  assert.deepEqual(tracker.accept(response(exposition({ ok: 0, boom: 0, fast: 0, medium: 0 })), 0), { kind: 'waiting' });
  const state = tracker.accept(response(exposition({ ok: 9, boom: 1, fast: 10, medium: 0 })), 1000);
  assert.equal(state.kind, 'reading');
  assert.equal(state.kind === 'reading' && state.reading.rate, 10);
  for (let second = 2; second <= 8; second++) tracker.accept(response(exposition({ ok: 9 * second, boom: second, fast: 10 * second, medium: 0 })), second * 1000);
  const later = tracker.accept(response(exposition({ ok: 81, boom: 9, fast: 90, medium: 0 })), 9000);
  assert.equal(later.kind === 'reading' && later.windowSeconds, 5, 'the window is the last five seconds, not since the start');
  assert.equal(later.kind === 'reading' && later.reading.rate, 10);
});

test('a failed scrape, a malformed exposition and a missing metric are shown as such, never as zero', () => {
  const tracker = new RedTracker(names);
  const refused: HttpOutcome = { kind: 'error', code: 'ECONNREFUSED', message: 'refused', durationMs: 1 };
  assert.deepEqual(tracker.accept(refused, 0), { kind: 'scrape-failed', message: 'connection refused (ECONNREFUSED) after 1 ms' });
  assert.equal(tracker.accept(response('not found', 404), 0).kind, 'scrape-failed');
  const malformed = tracker.accept(response('http_requests_total{status="200" 5\n'), 0);
  assert.equal(malformed.kind, 'malformed');
  assert.match(malformed.kind === 'malformed' ? malformed.message : '', /^line 1:/);
  const missing = tracker.accept(response('# TYPE other counter\nother 1\n'), 0);
  assert.deepEqual(missing, { kind: 'missing', message: 'no counter named http_requests_total in the scrape' });
  assert.equal(describeState(missing), 'The scrape lacks a metric this panel reads: no counter named http_requests_total in the scrape.');
});

/** A scrape of a service whose route label is given per request: `counts` maps each label value to its requests so far. */
function routesExposition(counts: Record<string, number>): string {
  const lines = ['# TYPE http_requests_total counter'];
  for (const [route, count] of Object.entries(counts)) lines.push(`http_requests_total{method="GET",route="${route}",status="200"} ${count}`);
  lines.push('# TYPE http_request_duration_seconds histogram');
  for (const [route, count] of Object.entries(counts)) {
    lines.push(
      `http_request_duration_seconds_bucket{le="0.1",method="GET",route="${route}",status="200"} ${count}`,
      `http_request_duration_seconds_bucket{le="+Inf",method="GET",route="${route}",status="200"} ${count}`,
      `http_request_duration_seconds_sum{method="GET",route="${route}",status="200"} 0`,
      `http_request_duration_seconds_count{method="GET",route="${route}",status="200"} ${count}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

test('per route: rate, error ratio and p95 of each route label value, busiest first', () => {
  const before = snapshot(exposition({ ok: 100, boom: 10, fast: 100, medium: 0 }), 0);
  const after = snapshot(exposition({ ok: 136, boom: 14, fast: 120, medium: 16 }), 2000);
  const [users, boom, ...rest] = routeReadings(before, after);
  assert.deepEqual(rest, []);
  assert.equal(users!.route, '/users');
  assert.equal(users!.rate, 18, '36 requests in 2 s');
  assert.equal(users!.errorRatio, 0);
  // Its own buckets only: 0.1 → 20, 0.5 → 36; rank 0.95 × 36 = 34.2 falls 14.2/16 into 0.1–0.5.
  assert.ok(Math.abs(users!.p95! - (0.1 + 0.4 * (14.2 / 16))) < 1e-9);
  assert.deepEqual(boom, { route: '/boom', rate: 2, errorRatio: 1, p95: 0.1 * 0.95 });
  assert.deepEqual(describeRoute(boom!), { rate: '2.0 req/s', errors: '100.0 %', p95: '95 ms' });
  assert.equal(routeSeriesCount(after), 2, 'two route label values, whatever the other labels');
});

test('a route with no request in the window has a rate of 0 and no made-up error ratio or p95', () => {
  const text = routesExposition({ '/users/:id': 5, '/': 3 });
  const quiet = routeReadings(snapshot(text, 0), snapshot(text, 1000));
  assert.deepEqual(quiet, [
    { route: '/', rate: 0, errorRatio: undefined, p95: undefined },
    { route: '/users/:id', rate: 0, errorRatio: undefined, p95: undefined },
  ]);
  assert.deepEqual(describeRoute(quiet[0]!), { rate: '0.0 req/s', errors: '–', p95: '–' });
});

test('a series without the route label is still counted, under a name of its own', () => {
  const text = '# TYPE http_requests_total counter\nhttp_requests_total{status="200"} 4\n# TYPE http_request_duration_seconds histogram\nhttp_request_duration_seconds_bucket{le="+Inf",status="200"} 4\nhttp_request_duration_seconds_sum{status="200"} 0\nhttp_request_duration_seconds_count{status="200"} 4\n';
  const after = snapshot(text, 1000);
  assert.equal(routeReadings(snapshot(text.replaceAll(' 4', ' 0'), 0), after)[0]!.route, NO_ROUTE_LABEL);
  assert.equal(routeSeriesCount(after), 1);
});

test('raw paths as the route label: a row per path, and a series count that keeps growing with traffic', () => {
  const tracker = new RedTracker(names, 5000);
  /** Second by second, three new user ids a second, as a raw-path label sees traffic with ids. */
  const rawPaths = (second: number) => Object.fromEntries(Array.from({ length: 3 * second + 1 }, (_, i) => [`/users/${i + 1}`, 2]));
  let state = tracker.accept(response(routesExposition(rawPaths(0))), 0);
  for (let second = 1; second <= 16; second++) {
    state = tracker.accept(response(routesExposition(rawPaths(second))), second * 1000);
    if (second < 15) assert.equal(state.kind === 'reading' && state.routes.growing, false, `not yet at ${second} s: three windows of five seconds are needed`);
  }
  assert.equal(state.kind, 'reading');
  if (state.kind !== 'reading') return;
  assert.equal(state.routes.series, 49);
  assert.equal(state.routes.routes.length, 49, 'one row per raw path');
  assert.equal(state.routes.growing, true);
  assert.equal(describeRouteSeries(state.routes), '49 route series and growing: is a raw path used as a label?');
});

test('templates: the series count settles once every route has been hit, and is never flagged', () => {
  const tracker = new RedTracker(names, 5000);
  const templates = ['/', '/users', '/users/:id', '/boom', '/slow'];
  let state = tracker.accept(response(routesExposition({ '/': 1 })), 0);
  for (let second = 1; second <= 30; second++) {
    // The routes show one a second at first (traffic reaching each in turn), then no new one.
    const seen = templates.slice(0, Math.min(second + 1, templates.length));
    state = tracker.accept(response(routesExposition(Object.fromEntries(seen.map((route) => [route, second * 4])))), second * 1000);
    assert.equal(state.kind === 'reading' && state.routes.growing, false, `at ${second} s`);
  }
  assert.equal(state.kind === 'reading' && state.routes.series, 5);
  assert.equal(state.kind === 'reading' && describeRouteSeries(state.routes), '5 route series.');
});

test('growth is judged window by window, and not before the history covers them', () => {
  const counts = (values: number[]) => values.map((count, i) => ({ atMs: i * 5000, count }));
  assert.equal(keepsGrowing(counts([1, 2, 3, 4]), 15_000), true);
  assert.equal(keepsGrowing(counts([1, 2, 2, 4]), 15_000), false, 'one window without a new series');
  assert.equal(keepsGrowing(counts([2, 3, 4]), 10_000), false, 'ten seconds of history are not fifteen');
});
