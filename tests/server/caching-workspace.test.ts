/**
 * Lab 08 in the workspace: Run starts the product store (a record store, as the manifest asks) beside
 * the service, which has no REDIS_URL and so caches in ioredis-mock; the suggested requests show
 * MISS, then HIT-L1, and a PUT without a body is a new version the next read shows.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findLab } from '../../labs/index.ts';
import type { HttpOutcome } from '../../src/engine/harness.ts';
import { loadSubmission } from '../../src/engine/node/grade.ts';
import { labFolders } from '../../src/engine/node/project-paths.ts';
import { LabSessions } from '../../src/server/lab-sessions.ts';

const lab = findLab('08-caching')!;

function answer(outcome: HttpOutcome | undefined) {
  assert.equal(outcome?.kind, 'response', JSON.stringify(outcome));
  if (outcome?.kind !== 'response') throw new Error('no response');
  return { status: outcome.status, cache: outcome.headers['x-cache'], body: JSON.parse(outcome.body) as { id: string; version: number } };
}

test('the workspace runs lab 08 with its product store, and the suggested requests show the cache at work', async () => {
  const sessions = new LabSessions();
  const id = lab.manifest.id;
  try {
    const { files } = await loadSubmission(lab, labFolders(id).solution);
    assert.equal((await sessions.start(lab, files)).ok, true);
    const [read, , write] = lab.manifest.workspace.requests;
    const send = (request: typeof read) => sessions.request(id, request!.method, request!.path);
    assert.deepEqual(answer(await send(read)), { status: 200, cache: 'MISS', body: { id: '42', name: 'Item 42', version: 0 } });
    assert.equal(answer(await send(read)).cache, 'HIT-L1');
    assert.deepEqual(answer(await send(write)).body, { id: '42', name: 'Item 42', version: 1 });
    const after = answer(await send(read));
    assert.deepEqual([after.cache, after.body.version], ['MISS', 1]);
    assert.equal(sessions.setFakeMode(id, 'store', { kind: 'down' }), true, 'the store has fault switches');
    assert.equal(answer(await send(read)).cache, 'HIT-L1', 'a cached product is served while the store is down');
  } finally {
    await sessions.stopAll('test over');
  }
});
