/**
 * A workspace run of lab 06 traces end to end: the session starts a collector stand-in and a traced
 * inventory beside the service, and one request to the reference leaves one trace (server span, its
 * client span, the inventory's span under it); the mistake that drops propagation leaves the
 * inventory's span as the root of a trace of its own.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { findLab } from '../../labs/index.ts';
import { loadSubmission } from '../../src/engine/node/grade.ts';
import { labFolders } from '../../src/engine/node/project-paths.ts';
import type { ReceivedSpan } from '../../src/engine/traces.ts';
import { LabSessions } from '../../src/server/lab-sessions.ts';
import { assembleTraces, spanRows } from '../../src/workspace/panels/trace-tree.ts';

const lab = findLab('06-tracing')!;
const folders = labFolders(lab.manifest.id);

/** One GET /orders/42 through the session; the spans of it once three have arrived. */
async function spansOfOneOrder(dir: string): Promise<readonly ReceivedSpan[]> {
  const sessions = new LabSessions();
  try {
    const { files } = await loadSubmission(lab, dir);
    const started = await sessions.start(lab, files);
    assert.equal(started.ok, true, started.ok ? '' : started.message);
    // The readiness probe's GET / made a trace too: only what this order leaves counts.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const before = new Set(sessions.traces(lab.manifest.id)!.spans.map((span) => span.spanId));
    const outcome = await sessions.request(lab.manifest.id, 'GET', '/orders/42')!;
    assert.equal(outcome.kind === 'response' && outcome.status, 200);
    for (const started = Date.now(); Date.now() - started < 8000; await new Promise((resolve) => setTimeout(resolve, 50))) {
      const spans = sessions.traces(lab.manifest.id)!.spans.filter((span) => !before.has(span.spanId));
      if (spans.length >= 3) return spans;
    }
    assert.fail(`three spans of GET /orders/42, got ${JSON.stringify(sessions.traces(lab.manifest.id))}`);
  } finally {
    await sessions.stopAll('test over');
  }
}

const shape = (spans: readonly ReceivedSpan[]) =>
  assembleTraces(spans).map((trace) => spanRows(trace).map(({ node, depth }) => `${depth}:${node.span.resource['service.name']} ${node.span.kind} ${node.span.name}${node.note ? ` (${node.note})` : ''}`));

test('the reference: one trace, the server span its root, the client span its child, the inventory’s span under that', async () => {
  assert.deepEqual(shape(await spansOfOneOrder(folders.solution)), [['0:orders SERVER GET /orders/:id', '1:orders CLIENT GET', '2:inventory SERVER GET']]);
});

test('no propagation: the inventory’s span is a second root, in a trace of its own, marked', async () => {
  assert.deepEqual(shape(await spansOfOneOrder(join(folders.mistakes, 'no-propagation'))), [
    ['0:inventory SERVER GET (no-traceparent)'],
    ['0:orders SERVER GET /orders/:id', '1:orders CLIENT GET'],
  ]);
});
