/**
 * The queue panel's loop against lab 09's reference, as the workspace runs it: the batch the lab
 * declares goes out as POSTs with JSON bodies, and polling the job list reads depth, running,
 * succeeded, failed and retries until every job has finished — each number the one the payloads imply.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findLab } from '../../labs/index.ts';
import { loadSubmission } from '../../src/engine/node/grade.ts';
import { labFolders } from '../../src/engine/node/project-paths.ts';
import { LabSessions } from '../../src/server/lab-sessions.ts';
import { interleave, sendBatch } from '../../src/workspace/panels/job-batch.ts';
import { type QueueReading, readQueue } from '../../src/workspace/panels/queue-tracker.ts';

const lab = findLab('09-background-jobs')!;
const queue = lab.manifest.workspace.queue!;

test("the declared batch, polled through the workspace's request path: every job accounted for, retries as the payloads say", async () => {
  const sessions = new LabSessions();
  const id = lab.manifest.id;
  try {
    const { files } = await loadSubmission(lab, labFolders(id).solution);
    // Quick retries and short work, so the batch finishes in a few seconds; the counts do not depend on them.
    const env = { RETRY_BASE_MS: '20', MAX_ATTEMPTS: '4', WORKER_CONCURRENCY: '4' };
    assert.equal((await sessions.start(lab, files, { env })).ok, true);
    const batch = interleave(
      queue.batch.map((kind) => ({ ...kind, payload: { ...kind.payload, durationMs: 50 } })),
      queue.batch.map((kind) => kind.count),
    );
    const sent = await sendBatch(batch, (payload) => sessions.request(id, 'POST', queue.submitPath, 5000, payload)!);
    assert.deepEqual(sent, { sent: 20, accepted: 20, refused: 0, other: 0, failed: 0 });

    let reading: QueueReading | undefined;
    let sawWork = false;
    for (const started = Date.now(); Date.now() - started < 20_000; await new Promise((r) => setTimeout(r, 100))) {
      const state = readQueue(await sessions.request(id, 'GET', queue.listPath, 1000)!);
      assert.equal(state.kind, 'reading', JSON.stringify(state));
      if (state.kind !== 'reading') return;
      reading = state.reading;
      assert.ok(reading.running <= 4, `never more running than workers: ${reading.running}`);
      if (reading.running > 0 || reading.queued > 0) sawWork = true;
      if (reading.succeeded + reading.failed === 20) break;
    }
    assert.ok(sawWork, 'some poll saw jobs queued or running');
    // 14 ordinary jobs: one attempt each; 4 flaky: 2 retries each; 2 poison: every attempt fails, 3 retries each.
    assert.deepEqual(reading, { queued: 0, running: 0, succeeded: 18, failed: 2, retries: 4 * 2 + 2 * 3, total: 20 });
  } finally {
    await sessions.stopAll('test over');
  }
});
