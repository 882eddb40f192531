/**
 * Lab 09's reading of its work recorder: attempts pieced together from start and end calls, the most
 * in progress at once (an attempt that ends as the next starts is not counted twice), retry waits.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FakeDependency, ReceivedRequest } from '../../src/engine/harness.ts';
import { attemptsByJob, attemptsOf, mostAtOnce, retryDelays } from '../../labs/09-background-jobs/attempts.ts';

/** A recorder stand-in that heard `calls`: [path, atMs]. */
function recorderHeard(calls: Array<[string, number]>): FakeDependency {
  const received: ReceivedRequest[] = calls.map(([path, atMs]) => ({ method: 'POST', path, headers: {}, atMs }));
  return { url: '', setMode() {}, calls: () => received.length, received: () => received, resetCalls() {} };
}

test('attempts are pieced together from their start and end calls, by job and attempt', () => {
  const recorder = recorderHeard([
    ['/attempts/start?job=a&attempt=1', 0],
    ['/attempts/start?job=b&attempt=1', 5],
    ['/attempts/end?job=a&attempt=1&ok=false', 100],
    ['/attempts/start?job=a&attempt=2', 250],
    ['/attempts/end?job=a&attempt=2&ok=true', 350],
  ]);
  const byJob = attemptsByJob(attemptsOf(recorder));
  assert.deepEqual(byJob.get('a'), [
    { jobId: 'a', attempt: 1, startMs: 0, endMs: 100, ok: false },
    { jobId: 'a', attempt: 2, startMs: 250, endMs: 350, ok: true },
  ]);
  assert.deepEqual(byJob.get('b'), [{ jobId: 'b', attempt: 1, startMs: 5 }]);
  assert.deepEqual(retryDelays(byJob.get('a')!), [150]);
});

test('the most attempts at once: one worker handing over in the same millisecond counts once, overlaps count', () => {
  const handOver = recorderHeard([
    ['/attempts/start?job=a&attempt=1', 0],
    ['/attempts/end?job=a&attempt=1&ok=true', 100],
    ['/attempts/start?job=b&attempt=1', 100],
    ['/attempts/end?job=b&attempt=1&ok=true', 200],
  ]);
  assert.equal(mostAtOnce(attemptsOf(handOver)), 1);
  const overlapping = recorderHeard([
    ['/attempts/start?job=a&attempt=1', 0],
    ['/attempts/start?job=b&attempt=1', 50],
    ['/attempts/start?job=c&attempt=1', 60],
    ['/attempts/end?job=a&attempt=1&ok=true', 100],
  ]);
  assert.equal(mostAtOnce(attemptsOf(overlapping)), 3, 'an attempt never ended is still in progress');
});
