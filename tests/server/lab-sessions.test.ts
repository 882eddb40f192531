/**
 * The services the workspace runs: one per lab, output streamed, signals delivered, always stopped.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findLab } from '../../labs/index.ts';
import { loadSubmission } from '../../src/engine/node/grade.ts';
import { labFolders } from '../../src/engine/node/project-paths.ts';
import { LabSessions, type RuntimeEvent } from '../../src/server/lab-sessions.ts';

const lab = findLab('03-graceful-shutdown')!;

async function until(events: RuntimeEvent[], predicate: (event: RuntimeEvent) => boolean, ms = 10_000): Promise<RuntimeEvent> {
  for (const started = Date.now(); Date.now() - started < ms; await new Promise((r) => setTimeout(r, 20))) {
    const found = events.find(predicate);
    if (found) return found;
  }
  throw new Error(`no such event in ${JSON.stringify(events.map((e) => e.type))}`);
}

test('run, stream, drain on SIGTERM, exit 0: the workspace loop on the reference', async () => {
  const sessions = new LabSessions();
  const events: RuntimeEvent[] = [];
  const unsubscribe = sessions.subscribe(lab.manifest.id, (event) => events.push(event));
  try {
    const { files } = await loadSubmission(lab, labFolders(lab.manifest.id).solution);
    const started = await sessions.start(lab, files);
    assert.equal(started.ok, true);
    await until(events, (e) => e.type === 'line' && e.text.includes('"listening"'));
    const slow = sessions.request(lab.manifest.id, 'GET', '/slow?ms=800')!;
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(sessions.signal(lab.manifest.id, 'SIGTERM'), true);
    const outcome = await slow;
    assert.equal(outcome.kind === 'response' && outcome.status, 200);
    const exit = await until(events, (e) => e.type === 'exit');
    assert.deepEqual(exit.type === 'exit' && [exit.code, exit.signal], [0, null]);
    assert.ok(events.some((e) => e.type === 'line' && e.text.includes('shutdown started')));
    assert.equal(sessions.signal(lab.manifest.id, 'SIGTERM'), false, 'an exited service takes no signals');
    // A page that subscribes later sees what happened, marked as from before it subscribed.
    const replay: RuntimeEvent[] = [];
    sessions.subscribe(lab.manifest.id, (event) => replay.push(event))();
    assert.ok(replay.some((e) => e.type === 'exit'));
    assert.deepEqual(replay[0], { type: 'replay', phase: 'begin' });
    assert.deepEqual(replay.at(-1), { type: 'replay', phase: 'end' });
  } finally {
    unsubscribe();
    await sessions.stopAll('test over');
  }
});

test('a service that cannot start reports why, and nothing is left running', async () => {
  const sessions = new LabSessions();
  const { files } = await loadSubmission(lab);
  files.set('src/server.ts', "throw new Error('PORT is not set up');\n");
  const result = await sessions.start(lab, files);
  assert.equal(result.ok, false);
  assert.match(!result.ok ? result.message : '', /The service did not start: it exited \(exit code 1\)[\s\S]*PORT is not set up/);
  assert.equal(sessions.running(lab.manifest.id), undefined);
});

test('starting again replaces the running service; stopAll stops it', async () => {
  const sessions = new LabSessions();
  const { files } = await loadSubmission(lab);
  assert.equal((await sessions.start(lab, files)).ok, true);
  const first = sessions.running(lab.manifest.id)!;
  assert.equal((await sessions.start(lab, files)).ok, true);
  const second = sessions.running(lab.manifest.id)!;
  assert.notEqual(first.port, second.port);
  assert.ok(first.exit, 'the first service was stopped');
  await sessions.stopAll('test over');
  assert.equal(sessions.running(lab.manifest.id), undefined);
  assert.ok(second.exit);
});

test('a probe gets its own timeout: a request the service does not answer in time is a TIMEOUT at that timeout', async () => {
  const sessions = new LabSessions();
  try {
    const { files } = await loadSubmission(lab, labFolders(lab.manifest.id).solution);
    assert.equal((await sessions.start(lab, files)).ok, true);
    const started = performance.now();
    const outcome = await sessions.request(lab.manifest.id, 'GET', '/slow?ms=5000', 500)!;
    const waited = performance.now() - started;
    assert.equal(outcome.kind === 'error' && outcome.code, 'TIMEOUT');
    assert.ok(waited < 2000, `gave up after ${Math.round(waited)} ms, not at the service's pace`);
  } finally {
    await sessions.stopAll('test over');
  }
});

test('a page that subscribes before anything ran gets no replay markers', () => {
  const events: RuntimeEvent[] = [];
  new LabSessions().subscribe(lab.manifest.id, (event) => events.push(event))();
  assert.deepEqual(events, []);
});

test('a request can carry a JSON body: a job submitted with its payload runs as that payload says', async () => {
  const jobs = findLab('09-background-jobs')!;
  const sessions = new LabSessions();
  try {
    const { files } = await loadSubmission(jobs, labFolders(jobs.manifest.id).solution);
    assert.equal((await sessions.start(jobs, files)).ok, true);
    const submitted = await sessions.request(jobs.manifest.id, 'POST', '/jobs', 5000, { durationMs: 10, failTimes: 1 })!;
    assert.equal(submitted.kind === 'response' && submitted.status, 202);
    const { id } = JSON.parse(submitted.kind === 'response' ? submitted.body : '{}') as { id: string };
    const read = await sessions.request(jobs.manifest.id, 'GET', `/jobs/${id}`)!;
    assert.deepEqual(JSON.parse(read.kind === 'response' ? read.body : '{}').payload, { durationMs: 10, failTimes: 1 }, 'the body reached the service, not the default payload');
  } finally {
    await sessions.stopAll('test over');
  }
});
