/**
 * Lesson 07's five limiting algorithms (src/lessons-code/07-rate-limiting/algorithms.ts) admit what the
 * lesson's table and diagram say they do, so neither can drift from the code it describes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixedWindow, gcra, slidingLog, slidingWindow, tokenBucket, type Limiter } from '../../src/lessons-code/07-rate-limiting/algorithms.ts';

/** Each algorithm set to "10 per 10 s", or a bucket of 10 refilled at 1 a second. */
const algorithms: Record<string, () => Limiter> = {
  'fixed window': () => fixedWindow(10, 10_000),
  'sliding log': () => slidingLog(10, 10_000),
  'sliding window': () => slidingWindow(10, 10_000),
  'token bucket': () => tokenBucket(10, 1),
  GCRA: () => gcra(10, 1),
};

/** Requests every 100 ms from `from` to `to` seconds, in milliseconds. */
const every100ms = (from: number, to: number) => Array.from({ length: Math.round((to - from) * 10) + 1 }, (_, i) => from * 1000 + i * 100);

function admitted(make: () => Limiter, times: number[]): number {
  const limiter = make();
  return times.filter((t) => limiter(t)).length;
}

test('20 requests across the fixed window’s edge: only the fixed window admits them all', () => {
  const edgeBurst = every100ms(9, 10.9);
  const counts = Object.fromEntries(Object.entries(algorithms).map(([name, make]) => [name, admitted(make, edgeBurst)]));
  assert.deepEqual(counts, { 'fixed window': 20, 'sliding log': 10, 'sliding window': 11, 'token bucket': 11, GCRA: 11 });
});

test('a greedy minute: windows admit 60, a bucket of 10 at 1 a second admits its burst plus 59 refills', () => {
  const greedy = every100ms(0, 59.9);
  const counts = Object.fromEntries(Object.entries(algorithms).map(([name, make]) => [name, admitted(make, greedy)]));
  assert.deepEqual(counts, { 'fixed window': 60, 'sliding log': 60, 'sliding window': 60, 'token bucket': 69, GCRA: 69 });
});

test('each refuses the 11th request at once, and admits again two windows later', () => {
  for (const [name, make] of Object.entries(algorithms)) {
    const limiter = make();
    for (let i = 0; i < 10; i++) assert.ok(limiter(1000), `${name} admits its first 10`);
    assert.equal(limiter(1000), false, `${name} refuses the 11th`);
    assert.ok(limiter(1000 + 20_000), `${name} admits again two windows later`);
  }
});
