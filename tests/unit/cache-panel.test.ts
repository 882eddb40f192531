/**
 * The cache panel's arithmetic: each answer's X-Cache counted by instance and tier (a read without
 * the header counted as such, other answers not at all), and rates per second between two samples,
 * with an unknown store read count kept unknown, never a zero.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HttpOutcome } from '../../src/engine/harness.ts';
import { labManifestSchema } from '../../src/engine/lab.ts';
import { CacheTally, cacheRates, describeCounts, formatRate, hitRatio, pathPattern, type CacheSample } from '../../src/workspace/panels/cache-tracker.ts';
import { findLab } from '../../labs/index.ts';

const answer = (xCache: string | undefined, status = 200): HttpOutcome => ({
  kind: 'response',
  status,
  headers: xCache === undefined ? {} : { 'x-cache': xCache },
  body: '{}',
  durationMs: 3,
});

test('answers are counted by instance and by the tier their X-Cache names', () => {
  const tally = new CacheTally('X-Cache', '/products/{id}');
  assert.equal(tally.record('A', 'GET', '/products/1', answer('MISS')), 'MISS');
  tally.record('A', 'GET', '/products/1', answer('HIT-L1'));
  tally.record('A', 'GET', '/products/1', answer(' hit-l1 '));
  tally.record('B', 'GET', '/products/1', answer('HIT-L2'));
  tally.record('B', 'GET', '/products/1', answer('HIT-L1'));
  assert.deepEqual(tally.totals('A'), { 'HIT-L1': 2, 'HIT-L2': 0, MISS: 1, unmarked: 0 });
  assert.deepEqual(tally.totals('B'), { 'HIT-L1': 1, 'HIT-L2': 1, MISS: 0, unmarked: 0 });
  assert.deepEqual(tally.totals(), { 'HIT-L1': 3, 'HIT-L2': 1, MISS: 1, unmarked: 0 });
  assert.equal(hitRatio(tally.totals()), 4 / 5);
  assert.equal(describeCounts(tally.totals('B'), 'X-Cache'), '1 HIT-L1 · 1 HIT-L2 · 0 MISS');
  tally.reset();
  assert.equal(hitRatio(tally.totals()), null, 'no ratio before any answer, not 0 %');
});

test('a read without a valid X-Cache is counted as unmarked; other answers are not counted', () => {
  const tally = new CacheTally('X-Cache', '/products/{id}');
  assert.equal(tally.record('A', 'GET', '/products/42', answer(undefined)), undefined);
  tally.record('A', 'GET', '/products/42?fresh=1', answer('HIT'));
  tally.record('A', 'GET', '/', answer(undefined));
  tally.record('A', 'PUT', '/products/42', answer(undefined));
  tally.record('A', 'GET', '/products/42', answer(undefined, 502));
  tally.record('A', 'GET', '/products/42', { kind: 'error', code: 'ECONNREFUSED', message: 'refused', durationMs: 1 });
  assert.deepEqual(tally.totals(), { 'HIT-L1': 0, 'HIT-L2': 0, MISS: 0, unmarked: 2 });
  assert.equal(describeCounts(tally.totals(), 'X-Cache'), '0 HIT-L1 · 0 HIT-L2 · 0 MISS · 2 reads without X-Cache');
  assert.ok(pathPattern('/products/{id}').test('/products/7'));
  assert.ok(!pathPattern('/products/{id}').test('/products/7/reviews'));
  assert.ok(!pathPattern('/products/{id}').test('/products/'));
});

const sample = (atMs: number, l1: number, l2: number, miss: number, storeReads: number | null): CacheSample => ({
  atMs,
  answers: { 'HIT-L1': l1, 'HIT-L2': l2, MISS: miss, unmarked: 0 },
  storeReads,
});

test('rates are increases over elapsed seconds; an unknown or reset store count gives no rate, never zero', () => {
  assert.equal(cacheRates(undefined, sample(1000, 1, 1, 1, 1)), undefined, 'one sample is no rate');
  assert.equal(cacheRates(sample(1000, 0, 0, 0, 0), sample(1000, 5, 0, 0, 0)), undefined, 'no time passed');
  assert.deepEqual(cacheRates(sample(1000, 10, 2, 4, 4), sample(3000, 30, 6, 5, 9)), {
    perSecond: { 'HIT-L1': 10, 'HIT-L2': 2, MISS: 0.5 },
    storeReadsPerSecond: 2.5,
  });
  assert.equal(cacheRates(sample(0, 0, 0, 0, null), sample(1000, 0, 0, 0, 3))!.storeReadsPerSecond, null, 'the count was unknown a second ago');
  assert.equal(cacheRates(sample(0, 0, 0, 0, 3), sample(1000, 0, 0, 0, null))!.storeReadsPerSecond, null, 'the count is unknown now');
  assert.equal(cacheRates(sample(0, 0, 0, 0, 40), sample(1000, 0, 0, 0, 2))!.storeReadsPerSecond, null, 'a new run counts from zero again');
  assert.deepEqual(cacheRates(sample(0, 9, 9, 9, 0), sample(500, 0, 0, 0, 0))!.perSecond, { 'HIT-L1': 0, 'HIT-L2': 0, MISS: 0 }, 'a reset tally never goes negative');
  assert.deepEqual([formatRate(null), formatRate(0.25), formatRate(12.6)], ['unknown', '0.3', '13']);
});

test('lab 08 declares its cache panel, and the schema refuses a read path without {id}', () => {
  const cache = findLab('08-caching')!.manifest.workspace.cache;
  assert.deepEqual({ header: cache?.header, store: cache?.store, redisEnv: cache?.redisEnv }, { header: 'X-Cache', store: 'store', redisEnv: 'REDIS_URL' });
  assert.equal(findLab('09-background-jobs')!.manifest.workspace.cache, undefined);
  const manifest = structuredClone(findLab('08-caching')!.manifest) as { workspace: { cache: { readPath: string } } };
  manifest.workspace.cache.readPath = '/products/42';
  assert.equal(labManifestSchema.safeParse(manifest).success, false);
});
