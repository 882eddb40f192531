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
import { quantileFromBuckets, redReading, redSnapshot } from '../../src/engine/red-metrics.ts';
import { describeReading, describeState, RedTracker } from '../../src/workspace/panels/red-tracker.ts';

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
