/**
 * The local runtime's request route carries a JSON body to the service (a job's payload), within its
 * bound, and a request without one is sent as before.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HttpOutcome } from '../../src/engine/harness.ts';
import { REQUEST_JSON_MAX_BYTES } from '../../src/runtime/lab-runtime.ts';
import { createApi } from '../../src/server/api.ts';
import type { LabSessions } from '../../src/server/lab-sessions.ts';

const ok: HttpOutcome = { kind: 'response', status: 202, headers: {}, body: '{}', durationMs: 1 };

test('POST …/service/request passes json to the session, refuses one over the bound, and sends none when none is given', async () => {
  const calls: unknown[][] = [];
  const sessions = { request: (...args: unknown[]) => (calls.push(args), Promise.resolve(ok)) } as unknown as LabSessions;
  const api = createApi({ sessions, shutdown: new AbortController().signal });
  const post = (body: unknown) => api.request('/labs/09-background-jobs/service/request', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

  assert.equal((await post({ method: 'POST', path: '/jobs', json: { durationMs: 10, failTimes: 1 } })).status, 200);
  const [labId, method, path, , json] = calls.at(-1)!;
  assert.deepEqual([labId, method, path, json], ['09-background-jobs', 'POST', '/jobs', { durationMs: 10, failTimes: 1 }]);

  assert.equal((await post({ method: 'GET', path: '/jobs' })).status, 200);
  assert.equal(calls.at(-1)![4], undefined, 'no body when none was given');

  const huge = { note: 'x'.repeat(REQUEST_JSON_MAX_BYTES) };
  const refused = await post({ method: 'POST', path: '/jobs', json: huge });
  assert.equal(refused.status, 400);
  assert.equal(calls.length, 2, 'an oversized body never reaches the service');
});
