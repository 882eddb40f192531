/**
 * The WebContainer runtime, with what the site really mounts, in fake containers that behave as the
 * real one may (tests/support/fake-webcontainer.ts, `behaviour`): a Node 20 that cannot run `.ts`,
 * terminal escape codes and UTF-8 cut across chunks in the output, signals that never arrive, and a
 * kill that does not reach a process's children. In each, the learner's lab still runs and is checked
 * right, and the runtime offers nothing it cannot do.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { findLab } from '../../labs/index.ts';
import { buildContainerTree, buildTypeStripperFiles, toTree } from '../../src/build/container-files.ts';
import { labFolders } from '../../src/engine/node/project-paths.ts';
import type { CheckResult } from '../../src/engine/report.ts';
import type { ContainerTree } from '../../src/runtime/container-api.ts';
import { ContainerBooter } from '../../src/runtime/container-boot.ts';
import type { RuntimeEvent } from '../../src/runtime/events.ts';
import { type EditableFiles, RuntimeError } from '../../src/runtime/lab-runtime.ts';
import { WebContainerRuntime } from '../../src/runtime/webcontainer.ts';
import { recordRuntime } from '../support/runtime-recorder.ts';
import { createFakeContainerHost, type FakeContainerBehaviour, type FakeContainerHost } from '../support/fake-webcontainer.ts';
import { nodeBinary } from '../support/node-versions.ts';

const LAB_ID = '04-health';
const lab = findLab(LAB_ID)!;

let tree: ContainerTree;
let stripper: ContainerTree;
let reference: EditableFiles;

before(async () => {
  tree = await buildContainerTree(LAB_ID);
  stripper = toTree(await buildTypeStripperFiles());
  reference = {};
  for (const path of lab.manifest.editableFiles) reference[path] = await readFile(join(labFolders(LAB_ID).solution, path), 'utf8');
});

interface Setup {
  host: FakeContainerHost;
  runtime: WebContainerRuntime;
  events: RuntimeEvent[];
  terminal: () => string;
  stripperLoads: () => number;
}

/** A runtime for lab 04 in a fake container with `behaviour`; torn down after the test. */
function setUp(t: { after: (fn: () => Promise<void>) => void }, behaviour: FakeContainerBehaviour, withStripper = true): Setup {
  const host = createFakeContainerHost({ behaviour });
  let loads = 0;
  const runtime = new WebContainerRuntime({
    labId: LAB_ID,
    booter: new ContainerBooter(host.boot),
    loadTree: async () => tree,
    loadTypeStripper: withStripper
      ? async () => {
          loads++;
          return stripper;
        }
      : undefined,
  });
  const { events, terminal } = recordRuntime(runtime);
  t.after(async () => {
    runtime.close();
    await host.dispose();
  });
  return { host, runtime, events, terminal, stripperLoads: () => loads };
}

async function eventually(predicate: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('a container whose Node cannot run TypeScript (Node 20, the WebContainer default)', () => {
  test('the runtime mounts the type stripper once, and the lab runs and answers', { timeout: 90_000 }, async (t) => {
    const node20 = await nodeBinary('20');
    const { runtime, events, terminal, stripperLoads } = setUp(t, { node: node20 });
    const outcome = await runtime.start(reference);
    assert.deepEqual(outcome, { ok: true }, terminal());
    assert.equal(stripperLoads(), 1, 'the type stripper was fetched once');
    assert.match(terminal(), new RegExp(`Node ${node20.version.replaceAll('.', '\\.')} in the in-browser runtime runs TypeScript through the bundled type stripper`));
    const live = await runtime.request('GET', '/livez');
    assert.equal(live.kind === 'response' && live.status, 200, JSON.stringify(live));
    assert.deepEqual(
      events.filter((event) => event.type === 'runtime-capabilities').map((event) => event.type === 'runtime-capabilities' && event.signals),
      [true],
    );
    // Every lab's checks on Node 20 with the stripper: tests/container/node-versions.test.ts.
    await runtime.stop();
    assert.deepEqual(await runtime.start(reference), { ok: true }, 'a second Run');
    assert.equal(stripperLoads(), 1, 'still fetched once');
  });

  test('without a type stripper to mount, the learner is told to use the local runtime: no check fails for it', { timeout: 60_000 }, async (t) => {
    const node20 = await nodeBinary('20');
    const { runtime, events } = setUp(t, { node: node20 }, false);
    await assert.rejects(runtime.runChecks(reference, () => undefined), (error: Error) => {
      assert.ok(error instanceof RuntimeError);
      assert.match(error.message, /cannot run the lab’s TypeScript\. Use the local runtime/);
      return true;
    });
    assert.equal(events.some((event) => event.type === 'runtime-capabilities'), false);
  });
});

describe('a container with escape codes and cut UTF-8 in its output, where signals never arrive', () => {
  const behaviour: FakeContainerBehaviour = { escapeCodes: true, splitUtf8: true, signals: false };

  test('the fake really cuts characters and adds escape codes (or the next test would prove nothing)', { timeout: 20_000 }, async (t) => {
    const host = createFakeContainerHost({ behaviour });
    t.after(() => host.dispose());
    const container = await host.boot();
    const process = await container.spawn('node', ['-e', "console.log('caf\\u00e9 \\u2713 \\u201cquoted\\u201d')"]);
    let output = '';
    for await (const chunk of process.output) output += chunk;
    assert.match(output, /\uFFFD/);
    assert.match(output, /\x1b\[/);
  });

  test('Run checks: every result and the report arrive intact, and the checks needing signals or a second loopback say why they did not run', { timeout: 90_000 }, async (t) => {
    const { runtime, events, terminal } = setUp(t, behaviour);
    const streamed: CheckResult[] = [];
    const report = await runtime.runChecks(reference, (result) => streamed.push(result));
    assert.equal(report.title, lab.manifest.title, 'non-ASCII text (the title’s quotes) survives');
    assert.equal(streamed.length, lab.checks.length, terminal());
    const failed = report.checks.filter((check) => !check.passed && !check.skipped).map((check) => `${check.id}: ${check.message}`);
    assert.deepEqual(failed, []);
    const skipped = report.checks.filter((check) => check.skipped).map((check) => check.id).sort();
    const cannotRun = lab.checks.filter((check) => check.needs?.some((need) => need === 'signals' || need === 'second-loopback'));
    assert.deepEqual(skipped, cannotRun.map((check) => check.id).sort());
    assert.ok(skipped.length > 0, 'lab 04 has a check that needs signals');
    assert.deepEqual(
      events.filter((event) => event.type === 'runtime-capabilities').map((event) => event.type === 'runtime-capabilities' && event.signals),
      [false],
    );
  });

  test('Run: the service runs; Send SIGTERM is refused with the reason instead of failing inside', { timeout: 60_000 }, async (t) => {
    const { runtime, events } = setUp(t, behaviour);
    assert.deepEqual(await runtime.start(reference), { ok: true });
    await eventually(() => events.some((event) => event.type === 'line'), 'a log line of the service', 10_000);
    for (const event of events.filter((entry) => entry.type === 'line')) assert.doesNotMatch(event.type === 'line' ? event.text : '', /\uFFFD|\x1b/);
    await assert.rejects(runtime.signal('SIGTERM'), /Signals do not reach your service in the in-browser runtime/);
    const live = await runtime.request('GET', '/livez');
    assert.equal(live.kind === 'response' && live.status, 200, 'the service still runs');
  });
});

describe('a container whose kill does not reach a process’s children', () => {
  test('closing the runtime kills the session alone, and the service it ran ends by itself', { timeout: 60_000 }, async (t) => {
    const { host, runtime } = setUp(t, { killReachesChildren: false });
    assert.deepEqual(await runtime.start(reference), { ok: true });
    const session = host.container.processes.find((record) => record.args[1] === 'session')!;
    const service = () => host.container.survivors().filter((pid) => pid !== session.pid);
    assert.ok(service().length > 0, 'the service runs beside the session');
    runtime.close();
    assert.equal(await session.exit, 137, 'the session was killed');
    await eventually(() => service().length === 0, 'the orphaned service to end', 5_000);
  });
});
