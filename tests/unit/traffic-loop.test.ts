/**
 * The workspace's traffic generator sends a steady rate, with the error and slow shares the learner
 * set, within its bounds: at most 50 requests a second, at most two minutes (then it stops itself),
 * and at most MAX_IN_FLIGHT requests waiting for an answer.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import type { HttpOutcome } from '../../src/engine/harness.ts';
import { workspaceTrafficSchema } from '../../src/engine/lab.ts';
import { boundTraffic, MAX_IN_FLIGHT, pickRequest, requestsDue, startTrafficLoop, type TrafficCounts, withId } from '../../src/workspace/panels/traffic-loop.ts';

const traffic = workspaceTrafficSchema.parse({
  paths: [
    { path: '/a', weight: 3 },
    { path: '/b', weight: 1 },
  ],
  errorPath: '/boom',
  slowPath: '/slow?ms=300',
});
const ok: HttpOutcome = { kind: 'response', status: 200, headers: {}, body: '', durationMs: 1 };

beforeEach(() => mock.timers.enable({ apis: ['setInterval', 'Date'] }));
afterEach(() => mock.timers.reset());

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
async function advance(ms: number, step = 100): Promise<void> {
  for (let passed = 0; passed < ms; passed += step) {
    mock.timers.tick(step);
    await settle();
  }
}

test('settings are held within the bounds', () => {
  assert.deepEqual(boundTraffic({ rps: 500, errorRatio: 0.75, slowRatio: 0.5, durationSeconds: 3600 }), { rps: 50, errorRatio: 0.75, slowRatio: 0.25, durationSeconds: 120 });
  assert.deepEqual(boundTraffic({ rps: -1, errorRatio: Number.NaN, slowRatio: -1, durationSeconds: 0 }), { rps: 0, errorRatio: 0, slowRatio: 0, durationSeconds: 1 });
});

test('{id} in a path is a whole number of its range, so one template is reached under many raw paths', () => {
  const users = { path: '/users/{id}', weight: 1, ids: { from: 1, to: 100 } };
  assert.equal(withId(users, () => 0), '/users/1');
  assert.equal(withId(users, () => 0.999999), '/users/100');
  assert.equal(new Set(Array.from({ length: 1000 }, (_, i) => withId(users, () => i / 1000))).size, 100, 'every id of the range, and no other');
  assert.equal(withId({ path: '/users/{id}', weight: 1 }, () => 0.5), '/users/{id}', 'without a range the path is sent as written');
  const idTraffic = { paths: [users], errorPath: '/boom', slowPath: '/slow' };
  assert.equal(pickRequest(idTraffic, { errorRatio: 0, slowRatio: 0 }, 0.5, () => 0.25).path, '/users/26');
});

test('a random number picks the error path, the slow path, or an ordinary path by weight', () => {
  const settings = { errorRatio: 0.125, slowRatio: 0.25 };
  assert.deepEqual(pickRequest(traffic, settings, 0.05), { path: '/boom', kind: 'error' });
  assert.deepEqual(pickRequest(traffic, settings, 0.2), { path: '/slow?ms=300', kind: 'slow' });
  assert.equal(pickRequest(traffic, settings, 0.4).path, '/a');
  assert.equal(pickRequest(traffic, settings, 0.8).path, '/a', '0.375 + 0.625 × 3/4 = 0.84375 is where /b starts');
  assert.equal(pickRequest(traffic, settings, 0.9).path, '/b');
  const counts = new Map<string, number>();
  for (let i = 0; i < 1000; i++) {
    const { kind } = pickRequest(traffic, settings, i / 1000);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  assert.deepEqual(Object.fromEntries(counts), { error: 125, slow: 250, ordinary: 625 });
});

test('requests are due steadily: the first at once, then one every 1/rps seconds', () => {
  assert.equal(requestsDue(0, 10), 1);
  assert.equal(requestsDue(99, 10), 1);
  assert.equal(requestsDue(100, 10), 2);
  assert.equal(requestsDue(1000, 50), 51);
  assert.equal(requestsDue(5000, 0), 0);
});

test('it sends the rate it was given, and stops itself when its duration is over', async () => {
  const sent: string[] = [];
  let stopped: { reason: string; counts: TrafficCounts } | undefined;
  startTrafficLoop({
    traffic,
    settings: { rps: 20, errorRatio: 0.5, slowRatio: 0, durationSeconds: 2 },
    send: async (path) => (sent.push(path), path === '/boom' ? { ...ok, status: 500 } : ok),
    onUpdate: () => {},
    onStop: (reason, counts) => (stopped = { reason, counts }),
    random: (() => {
      let i = 0;
      return () => (i++ % 2 ? 0.9 : 0.1);
    })(),
    now: () => Date.now(),
  });
  await advance(1000);
  assert.equal(sent.length, 21, 'twenty a second, the first at once');
  await advance(1500);
  assert.equal(sent.length, 40, 'two seconds at 20 rps, then no more');
  assert.equal(stopped?.reason, 'finished');
  assert.equal(sent.filter((path) => path === '/boom').length, 20, 'half of them to the error path');
  assert.equal(stopped!.counts.errors + stopped!.counts.ok + stopped!.counts.inFlight, 40);
});

test('a service that does not answer gets at most MAX_IN_FLIGHT requests; the rest are skipped and counted', async () => {
  let sent = 0;
  let last: TrafficCounts | undefined;
  const loop = startTrafficLoop({
    traffic,
    settings: { rps: 50, errorRatio: 0, slowRatio: 0, durationSeconds: 60 },
    send: () => (sent++, new Promise<HttpOutcome>(() => {})),
    onUpdate: (counts) => (last = counts),
    onStop: () => {},
    now: () => Date.now(),
  });
  await advance(1000);
  assert.equal(sent, MAX_IN_FLIGHT);
  assert.equal(last?.skipped, 51 - MAX_IN_FLIGHT);
  assert.equal(last?.inFlight, MAX_IN_FLIGHT);
  loop.stop();
});

test('stop() ends it early and says so once', async () => {
  const stops: string[] = [];
  let sent = 0;
  const loop = startTrafficLoop({ traffic, settings: { rps: 10, errorRatio: 0, slowRatio: 0, durationSeconds: 60 }, send: async () => (sent++, ok), onUpdate: () => {}, onStop: (reason) => stops.push(reason), now: () => Date.now() });
  await advance(500);
  loop.stop();
  loop.stop();
  const before = sent;
  await advance(1000);
  assert.equal(sent, before);
  assert.deepEqual(stops, ['stopped']);
});

test('a manifest cannot ask for more than the bounds', () => {
  const base = { paths: [{ path: '/' }], errorPath: '/boom', slowPath: '/slow' };
  assert.equal(workspaceTrafficSchema.safeParse({ ...base, rps: 51 }).success, false);
  assert.equal(workspaceTrafficSchema.safeParse({ ...base, errorRatio: 1.5 }).success, false);
  assert.equal(workspaceTrafficSchema.parse(base).metrics.requests, 'http_requests_total', 'the metric names default to the course’s');
});
