/**
 * The workspace's prober behaves like a kubelet's: a probe with no answer in its timeout is a red
 * "no answer in 1 s", and probes keep going out every period while the service hangs.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import type { HttpOutcome } from '../../src/engine/harness.ts';
import { judgeProbe, type ProbeResult, RELAY_GRACE_MS, startProbeLoop } from '../../src/workspace/panels/probe-loop.ts';

const ok = (durationMs = 5): HttpOutcome => ({ kind: 'response', status: 200, headers: {}, body: 'ok', durationMs });
const unavailable: HttpOutcome = { kind: 'response', status: 503, headers: {}, body: '', durationMs: 3 };
const timedOut: HttpOutcome = { kind: 'error', code: 'TIMEOUT', message: 'timed out', durationMs: 1000 };

beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'setInterval'] }));
afterEach(() => mock.timers.reset());

/** Lets resolved probes report before the clock moves on. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

async function advance(ms: number, step = 100): Promise<void> {
  for (let passed = 0; passed < ms; passed += step) {
    mock.timers.tick(step);
    await settle();
  }
}

test('a probe is judged as a kubelet judges it: 200–399 in time passes, anything else fails', () => {
  assert.deepEqual(judgeProbe(ok(), 1000), { ok: true, summary: 'HTTP 200 in 5 ms' });
  assert.deepEqual(judgeProbe(unavailable, 1000), { ok: false, summary: 'HTTP 503 in 3 ms' });
  assert.deepEqual(judgeProbe(timedOut, 1000), { ok: false, summary: 'no answer in 1 s' });
  assert.deepEqual(judgeProbe(timedOut, 2500), { ok: false, summary: 'no answer in 2.5 s' });
  assert.equal(judgeProbe(ok(1500), 1000).ok, false, 'an answer after the timeout is no answer');
});

test('a hanging service: every probe turns red at its timeout and the strip keeps growing', async () => {
  const results: ProbeResult[] = [];
  const sent: number[] = [];
  const loop = startProbeLoop({
    send: (timeoutMs) => {
      sent.push(timeoutMs);
      return new Promise<HttpOutcome>(() => undefined); // never answers, as a runtime that ignores the timeout
    },
    periodMs: 1000,
    timeoutMs: 1000,
    onResult: (result) => results.push(result),
  });
  await advance(10_000);
  loop.stop();
  assert.ok(sent.length >= 10, `a probe every second even while earlier ones hang (sent ${sent.length})`);
  assert.ok(sent.every((timeoutMs) => timeoutMs === 1000), 'the runtime is told the probe timeout');
  assert.ok(results.length >= 9, `each hanging probe counted as failed (${results.length} results)`);
  assert.ok(results.every((result) => !result.ok && result.summary === 'no answer in 1 s'));
});

test('the runtime giving up at the timeout counts at once, not after the grace', async () => {
  const results: ProbeResult[] = [];
  const loop = startProbeLoop({
    send: (timeoutMs) => new Promise((resolve) => setTimeout(() => resolve({ ...timedOut, durationMs: timeoutMs }), timeoutMs)),
    periodMs: 1000,
    timeoutMs: 1000,
    onResult: (result) => results.push(result),
  });
  await advance(1000 + RELAY_GRACE_MS / 2);
  loop.stop();
  assert.deepEqual(results, [{ ok: false, summary: 'no answer in 1 s' }]);
});

test('answers are shown as they come, a recovery turns green again, and nothing is reported after stop', async () => {
  const results: ProbeResult[] = [];
  let hanging = true;
  const loop = startProbeLoop({
    send: () => (hanging ? new Promise<HttpOutcome>(() => undefined) : Promise.resolve(ok())),
    periodMs: 1000,
    timeoutMs: 1000,
    onResult: (result) => results.push(result),
  });
  await advance(2000);
  hanging = false;
  await advance(2000);
  assert.equal(results.at(-1)?.summary, 'HTTP 200 in 5 ms');
  assert.ok(results.some((result) => result.summary === 'no answer in 1 s'));
  hanging = true;
  const count = results.length;
  loop.stop();
  await advance(5000);
  assert.equal(results.length, count, 'a stopped loop neither probes nor reports');
});

test('a runtime error (the service is not running) is a failed probe with its message', async () => {
  const results: ProbeResult[] = [];
  const loop = startProbeLoop({
    send: () => Promise.reject(new Error('The service is not running: press Run first.')),
    periodMs: 1000,
    timeoutMs: 1000,
    onResult: (result) => results.push(result),
  });
  await settle();
  loop.stop();
  assert.deepEqual(results, [{ ok: false, summary: 'The service is not running: press Run first.' }]);
});
