/**
 * The WebContainer runtime with what the site really mounts (src/build/container-files.ts: the
 * bundled runner `checks.mjs`, lab 04's starter and its vendored dependencies), in the fake container:
 * the learner's Run, requests, a fake switched down, Stop, and Run checks with the reference solution.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { findLab } from '../../labs/index.ts';
import { buildContainerTree } from '../../src/build/container-files.ts';
import { describeOutcome } from '../../src/engine/describe.ts';
import { labFolders } from '../../src/engine/node/project-paths.ts';
import type { CheckResult } from '../../src/engine/report.ts';
import type { ContainerTree } from '../../src/runtime/container-api.ts';
import { ContainerBooter } from '../../src/runtime/container-boot.ts';
import type { RuntimeEvent } from '../../src/runtime/events.ts';
import type { EditableFiles } from '../../src/runtime/lab-runtime.ts';
import { WebContainerRuntime } from '../../src/runtime/webcontainer.ts';
import { recordRuntime } from '../support/runtime-recorder.ts';
import { createFakeContainerHost } from '../support/fake-webcontainer.ts';

const LAB_ID = '04-health';
const lab = findLab(LAB_ID)!;

let tree: ContainerTree;
let reference: EditableFiles;
let starter: EditableFiles;
const host = createFakeContainerHost();
const booter = new ContainerBooter(host.boot);

before(async () => {
  tree = await buildContainerTree(LAB_ID);
  reference = {};
  starter = {};
  for (const path of lab.manifest.editableFiles) {
    reference[path] = await readFile(join(labFolders(LAB_ID).solution, path), 'utf8');
    starter[path] = await readFile(join(labFolders(LAB_ID).starter, path), 'utf8');
  }
});
after(() => host.dispose());

function runtimeFor(): { runtime: WebContainerRuntime; events: RuntimeEvent[]; terminal: () => string } {
  const runtime = new WebContainerRuntime({ labId: LAB_ID, booter, loadTree: async () => tree });
  const { events, terminal } = recordRuntime(runtime);
  return { runtime, events, terminal };
}

async function eventually(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await predicate())) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

test('Run with the reference: started, /livez 200, the database down makes /readyz 503, Stop', { timeout: 60_000 }, async (t) => {
  const { runtime, events, terminal } = runtimeFor();
  t.after(() => runtime.close());
  const outcome = await runtime.start(reference);
  assert.deepEqual(outcome, { ok: true }, terminal());
  const started = events.find((event) => event.type === 'started');
  assert.ok(started, `no started event: ${JSON.stringify(events)}`);

  const live = await runtime.request('GET', '/livez');
  assert.equal(live.kind, 'response');
  assert.equal(live.kind === 'response' && live.status, 200);
  const ready = await runtime.request('GET', '/readyz');
  assert.equal(ready.kind === 'response' && ready.status, 200, JSON.stringify(ready));

  await runtime.setFake('database', 'down');
  assert.deepEqual(events.filter((event) => event.type === 'fake').at(-1), { type: 'fake', name: 'database', mode: 'down' });
  let last: unknown;
  await eventually(
    async () => {
      last = await runtime.request('GET', '/readyz');
      return (last as { kind: string; status?: number }).status === 503;
    },
    '/readyz to answer 503 once the database is down',
    5_000,
  ).catch((error: Error) => assert.fail(`${error.message}; last answer ${JSON.stringify(last)}`));
  const stillLive = await runtime.request('GET', '/livez');
  assert.equal(stillLive.kind === 'response' && stillLive.status, 200, 'liveness does not depend on the database');

  await runtime.stop();
  await eventually(() => events.some((event) => event.type === 'stopped' || event.type === 'exit'), 'the service to stop', 10_000);
  // A request after the stop is an answer saying so (probes in flight at a stop meet it), not a failure.
  const afterStop = await runtime.request('GET', '/livez');
  assert.equal(afterStop.kind === 'error' && afterStop.code, 'NOT_RUNNING');
  assert.match(describeOutcome(afterStop), /not running: press Run first/);
});

test('Run checks with the reference: every check that ran passed, and the others say why they were skipped', { timeout: 60_000 }, async () => {
  const { runtime, terminal } = runtimeFor();
  try {
    const streamed: CheckResult[] = [];
    const report = await runtime.runChecks(reference, (result) => streamed.push(result));
    assert.equal(report.lab, LAB_ID);
    assert.equal(report.checks.length, lab.checks.length);
    const byId = (results: CheckResult[]) => [...results].sort((a, b) => a.id.localeCompare(b.id));
    assert.deepEqual(byId(streamed), byId(report.checks), 'each result streamed as it came');
    const ran = report.checks.filter((check) => !check.skipped);
    assert.ok(ran.length > 0, 'some checks ran');
    const failed = ran.filter((check) => !check.passed).map((check) => `${check.id}: ${check.message}`);
    assert.deepEqual(failed, [], terminal());
    for (const check of report.checks.filter((entry) => entry.skipped)) assert.match(check.skipped!, /\w/, check.id);
  } finally {
    runtime.close();
  }
});

test('Run checks with the starter: checks fail', { timeout: 60_000 }, async () => {
  const { runtime } = runtimeFor();
  try {
    const report = await runtime.runChecks(starter, () => undefined);
    assert.equal(report.passed, false);
    assert.ok(report.checks.some((check) => !check.skipped && !check.passed), 'a check that ran failed');
  } finally {
    runtime.close();
  }
});

test('the container booted once for all of it, and nothing of it is left running once the runtimes are closed', { timeout: 60_000 }, async () => {
  assert.equal(host.bootCalls, 1);
  const sessions = host.container.processes.filter((record) => record.args[1] === 'session');
  assert.equal(sessions.length, 1, 'one session program, for the runtime that ran the service: Run checks needs none');
  for (const session of sessions) assert.equal(await session.exit, 137);
  await eventually(() => host.container.survivors().length === 0, `no survivors (${host.container.survivors().join(', ')})`, 3_000);
});
