/**
 * The queue panel's reading of a job list: counts by status and retries (attempts beyond the first);
 * a failed poll or an answer of another shape is a state of its own, never zeros. Its batch control
 * mixes the kinds of jobs through the batch and counts what the service answered, backpressure apart.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HttpOutcome } from '../../src/engine/harness.ts';
import { labManifestSchema } from '../../src/engine/lab.ts';
import { BATCH_CONCURRENCY, describeBatch, interleave, MAX_BATCH, sendBatch } from '../../src/workspace/panels/job-batch.ts';
import { countJobs, describeQueueState, readQueue } from '../../src/workspace/panels/queue-tracker.ts';
import { findLab } from '../../labs/index.ts';

const response = (body: unknown, status = 200): HttpOutcome => ({ kind: 'response', status, headers: {}, body: typeof body === 'string' ? body : JSON.stringify(body), durationMs: 2 });

test('a poll is counted by status, and retries are the attempts beyond each job\'s first', () => {
  const jobs = [
    { id: 'a', status: 'queued', attempts: 0, payload: {} },
    { id: 'b', status: 'queued', attempts: 0 },
    { id: 'c', status: 'running', attempts: 3 },
    { id: 'd', status: 'succeeded', attempts: 1 },
    { id: 'e', status: 'succeeded', attempts: 2 },
    { id: 'f', status: 'failed', attempts: 5, error: 'attempt 5 failed' },
  ];
  const state = readQueue(response({ jobs }));
  assert.deepEqual(state, { kind: 'reading', reading: { queued: 2, running: 1, succeeded: 2, failed: 1, retries: 2 + 1 + 4, total: 6 } });
  assert.equal(describeQueueState(state, '/jobs'), 'Last poll read: 6 jobs listed.');
  assert.deepEqual(countJobs([]), { queued: 0, running: 0, succeeded: 0, failed: 0, retries: 0, total: 0 }, 'an empty list is a real zero');
});

test('a failed poll and an answer of another shape are shown as such, never as zero', () => {
  const refused: HttpOutcome = { kind: 'error', code: 'ECONNREFUSED', message: 'refused', durationMs: 1 };
  const failed = readQueue(refused);
  assert.deepEqual(failed, { kind: 'poll-failed', message: 'connection refused (ECONNREFUSED) after 1 ms' });
  assert.equal(describeQueueState(failed, '/jobs'), 'Poll failed: connection refused (ECONNREFUSED) after 1 ms.');
  assert.equal(readQueue(response({ error: 'no' }, 500)).kind, 'poll-failed');
  assert.deepEqual(readQueue(response('<html>')), { kind: 'malformed', message: 'the answer is not JSON' });
  const unknownStatus = readQueue(response({ jobs: [{ status: 'done', attempts: 1 }] }));
  assert.equal(unknownStatus.kind, 'malformed');
  assert.match(unknownStatus.kind === 'malformed' ? unknownStatus.message : '', /^jobs\.0\.status: /);
  const bare = readQueue(response([{ status: 'queued', attempts: 0 }]));
  assert.equal(bare.kind, 'malformed', 'a bare array is not the { jobs } the panel reads');
  assert.match(describeQueueState(bare, '/jobs'), /^GET \/jobs did not answer \{ jobs: \[\{ status, attempts \}\] \}/);
  assert.equal(readQueue(response({ jobs: [{ status: 'running' }] })).kind, 'malformed', 'attempts missing');
});

const kinds = [
  { kind: 'ordinary', description: '', payload: { durationMs: 1000 }, count: 14 },
  { kind: 'flaky', description: '', payload: { failTimes: 2 }, count: 4 },
  { kind: 'poison', description: '', payload: { failTimes: 100 }, count: 2 },
];

test('a batch mixes its kinds evenly, in the counts asked for, within the bound', () => {
  const order = interleave(kinds, [14, 4, 2]).map((job) => job.kind);
  assert.equal(order.length, 20);
  assert.deepEqual(
    Object.fromEntries(['ordinary', 'flaky', 'poison'].map((kind) => [kind, order.filter((k) => k === kind).length])),
    { ordinary: 14, flaky: 4, poison: 2 },
  );
  assert.ok(order.slice(0, 10).includes('poison') && order.slice(10).includes('poison'), `poison jobs spread through the batch: ${order.join(',')}`);
  assert.ok(order.slice(0, 5).includes('flaky'), 'not all ordinary ones first');
  assert.deepEqual(interleave(kinds, [1, 0, -3]).map((job) => job.payload), [{ durationMs: 1000 }], 'a negative count is none');
  assert.equal(interleave(kinds, [1000, 1000, 0]).length, MAX_BATCH);
});

test('a batch is sent a few at a time, and its answers are counted: accepted, refused with 503, other, none', async () => {
  let inFlight = 0;
  let most = 0;
  let n = 0;
  const answers: Array<HttpOutcome | Error> = [response({}, 202), response({}, 503), response({}, 400), { kind: 'error', code: 'TIMEOUT', message: 't', durationMs: 5000 }, new Error('no runtime')];
  const updates: number[] = [];
  const counts = await sendBatch(
    interleave(kinds, [10, 0, 0]),
    async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      const answer = answers[n++ % answers.length]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    (latest) => updates.push(latest.sent),
  );
  assert.deepEqual(counts, { sent: 10, accepted: 2, refused: 2, other: 2, failed: 4 });
  assert.equal(most, BATCH_CONCURRENCY);
  assert.equal(updates.length, 10, 'told after every answer');
  assert.equal(describeBatch(counts), '10 sent: 2 accepted, 2 refused with 503 (the queue was full), 2 other answers, 4 without an answer');
  assert.equal(describeBatch({ sent: 3, accepted: 3, refused: 0, other: 0, failed: 0 }), '3 sent: 3 accepted');
});

test('lab 09 declares its queue panel, and no other lab has one', () => {
  const queue = findLab('09-background-jobs')!.manifest.workspace.queue;
  assert.equal(queue?.listPath, '/jobs');
  assert.deepEqual(queue?.batch.map((kind) => kind.kind), ['ordinary', 'flaky', 'poison']);
  assert.equal(findLab('05-metrics')!.manifest.workspace.queue, undefined);
  const manifest = structuredClone(findLab('09-background-jobs')!.manifest) as { workspace: { queue: { batch: unknown[] } } };
  manifest.workspace.queue.batch = [];
  assert.equal(labManifestSchema.safeParse(manifest).success, false, 'a batch needs at least one kind');
});
