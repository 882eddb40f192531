/**
 * The trace view on the in-browser runtime: lab 06's session in the fake container, with what the site
 * really mounts (the bundled runner and the lab's vendored dependencies), runs the collector stand-in
 * and the traced inventory beside the reference, and `traces()` brings one order's trace back through
 * the session protocol: the collector's decoding runs inside the container.
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
import { assembleTraces, spanRows } from '../../src/workspace/panels/trace-tree.ts';
import { createFakeContainerHost } from '../support/fake-webcontainer.ts';
import { recordRuntime } from '../support/runtime-recorder.ts';

const LAB_ID = '06-tracing';
const host = createFakeContainerHost();
after(() => host.dispose());

test('Run the reference in the container, order once: traces() returns its trace, server span at the root', { timeout: 90_000 }, async (t) => {
  const tree = await buildContainerTree(LAB_ID);
  const runtime = new WebContainerRuntime({ labId: LAB_ID, booter: new ContainerBooter(host.boot), loadTree: async () => tree });
  const { terminal } = recordRuntime(runtime);
  t.after(() => runtime.close());
  assert.equal(await runtime.traces(), undefined, 'nothing runs before the first Run, and nothing boots for it');

  const reference: EditableFiles = {};
  for (const path of findLab(LAB_ID)!.manifest.editableFiles) reference[path] = await readFile(join(labFolders(LAB_ID).solution, path), 'utf8');
  assert.deepEqual(await runtime.start(reference), { ok: true }, terminal());
  const order = await runtime.request('GET', '/orders/42');
  assert.equal(order.kind === 'response' && order.status, 200, JSON.stringify(order));

  let shape: string[][] = [];
  for (const started = performance.now(); performance.now() - started < 10_000; await new Promise((resolve) => setTimeout(resolve, 200))) {
    const snapshot = await runtime.traces();
    const trace = assembleTraces(snapshot?.spans ?? []).filter((each) => each.roots.some((root) => root.span.name === 'GET /orders/:id'));
    shape = trace.map((each) => spanRows(each).map(({ node, depth }) => `${depth}:${node.span.resource['service.name']} ${node.span.kind} ${node.span.name}`));
    if (shape[0]?.length === 3) break;
  }
  assert.deepEqual(shape, [['0:orders SERVER GET /orders/:id', '1:orders CLIENT GET', '2:inventory SERVER GET']], terminal());
  await runtime.stop();
});
