/**
 * The cache panel on the in-browser runtime: lab 08's session in the fake container, with what the
 * site really mounts, runs the reference alone on its in-memory stand-in (the container has no real
 * Redis), says so, counts the store's reads through the session protocol, and has no instance B.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { findLab } from '../../labs/index.ts';
import { buildContainerTree } from '../../src/build/container-files.ts';
import { labFolders } from '../../src/engine/node/project-paths.ts';
import { ContainerBooter } from '../../src/runtime/container-boot.ts';
import type { EditableFiles } from '../../src/runtime/lab-runtime.ts';
import { WebContainerRuntime } from '../../src/runtime/webcontainer.ts';
import { IN_BROWSER_STAND_IN } from '../../src/server/shared-cache.ts';
import { createFakeContainerHost } from '../support/fake-webcontainer.ts';
import { recordRuntime } from '../support/runtime-recorder.ts';

const LAB_ID = '08-caching';
const host = createFakeContainerHost();
after(() => host.dispose());

test('in the container, lab 08 runs one instance on ioredis-mock, says why, and counts store reads', { timeout: 90_000 }, async (t) => {
  const tree = await buildContainerTree(LAB_ID);
  const runtime = new WebContainerRuntime({ labId: LAB_ID, booter: new ContainerBooter(host.boot), loadTree: async () => tree });
  const { terminal } = recordRuntime(runtime);
  t.after(() => runtime.close());
  assert.equal(await runtime.cacheSnapshot(), undefined, 'nothing runs before the first Run, and nothing boots for it');

  const reference: EditableFiles = {};
  for (const path of findLab(LAB_ID)!.manifest.editableFiles) reference[path] = await readFile(join(labFolders(LAB_ID).solution, path), 'utf8');
  assert.deepEqual(await runtime.start(reference), { ok: true }, terminal());
  const sources = [];
  for (let i = 0; i < 2; i++) {
    const read = await runtime.request('GET', '/products/5');
    sources.push(read.kind === 'response' ? read.headers['x-cache'] : read.message);
  }
  assert.deepEqual(sources, ['MISS', 'HIT-L1']);
  const snapshot = await runtime.cacheSnapshot();
  assert.deepEqual(snapshot?.sharedCache, { kind: 'stand-in', message: IN_BROWSER_STAND_IN });
  assert.equal(snapshot?.storeReads, 1);
  assert.equal(snapshot?.ports.B, null);
  const toB = await runtime.request('GET', '/products/5', { instance: 'B' });
  assert.equal(toB.kind === 'error' && toB.code, 'NOT_RUNNING', 'a request for B never reaches A');
  await runtime.stop();
});
