/**
 * The WebContainer runtime driven against a fake container (a temporary folder and real child
 * processes) and a stand-in `checks.mjs` that speaks the protocol of container-protocol.ts: JSON
 * lines on a terminal's output one way, command files in an inbox folder the other.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import type { CheckResult } from '../../src/engine/report.ts';
import type { ContainerTree } from '../../src/runtime/container-api.ts';
import { ContainerBooter } from '../../src/runtime/container-boot.ts';
import { CONTAINER_LAYOUT } from '../../src/runtime/container-protocol.ts';
import type { RuntimeEvent } from '../../src/runtime/events.ts';
import { RuntimeError } from '../../src/runtime/lab-runtime.ts';
import { WebContainerRuntime, type WebContainerRuntimeOptions } from '../../src/runtime/webcontainer.ts';
import { recordRuntime } from '../support/runtime-recorder.ts';
import { createFakeContainerHost, type FakeBoot, type FakeContainerHost } from '../support/fake-webcontainer.ts';

const LAB_ID = '99-stand-in';
/** Each test takes well under a second; a hung one fails, and its cleanup still runs. */
const TEST_TIMEOUT = 10_000;

/**
 * The stand-in runner. `session` prints session-ready, then polls the inbox; `check … --stream` prints
 * a result, an ordinary line and a report. `stand-in.json` (in the mounted tree) makes it misbehave;
 * `stand-in.log` records how it was run and every command it took from the inbox.
 */
const STAND_IN_RUNNER = String.raw`
import { appendFileSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

const [mode, labId, labDir, ...flags] = process.argv.slice(2);
const config = JSON.parse(readFileSync('stand-in.json', 'utf8'));
const log = (entry) => appendFileSync('stand-in.log', JSON.stringify(entry) + '\n');
const send = (message) => process.stdout.write(JSON.stringify(message) + '\n');
const began = Date.now();
const emit = (event) => send({ type: 'event', event });
const line = (text) => emit({ type: 'line', stream: 'stdout', text, atMs: Date.now() - began });
if (mode === 'preflight') {
  // What the real runner's preflight answers: this container's Node runs TypeScript, signals arrive (unless told otherwise).
  send({ type: 'preflight', profile: { version: 'v22.22.0', typeScript: config.typeScript ?? 'native', signals: config.signals ?? true, serviceArgs: [], probedMs: 1 } });
  process.exit(0);
}
log({ mode, labId, labDir, flags });

/** The lab's files (not its dependencies or the inbox) with their contents. */
function labFiles(dir = labDir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === '.operable' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...labFiles(path));
    else files.push([relative(labDir, path), readFileSync(path, 'utf8')]);
  }
  return files;
}

if (mode === 'check') {
  if (config.check === 'no-report') {
    console.log('loading the lab');
    console.error('boom: the check runner broke');
    process.exit(2);
  }
  const result = { id: 'stand-in.files', title: 'The stand-in saw the files', points: 2, passed: true, message: '', hint: 'Lesson 99', measurements: { files: labFiles().length }, durationMs: 1 };
  send({ type: 'result', result });
  for (const [path, content] of labFiles()) console.log('check saw ' + path + ': ' + content);
  send({ type: 'report', report: { lab: labId, title: 'Stand-in', passed: true, score: 2, maxScore: 2, durationMs: 5, checks: [result] } });
  process.exit(0);
}

if (config.session === 'exit-early') {
  console.error('cannot load the lab: the stand-in was told to fail');
  process.exit(7);
}
console.log('stand-in session for ' + labId);
if (config.session !== 'silent') send({ type: 'session-ready' });

const inbox = join(labDir, '.operable', 'inbox');
const reply = (id, fields = {}) => send({ type: 'reply', id, ok: true, ...fields });
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0); // orphaned: the test process is gone
  for (const name of readdirSync(inbox).sort()) {
    const path = join(inbox, name);
    let command;
    try {
      command = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      continue; // still being written: next time
    }
    unlinkSync(path);
    log({ file: name, command });
    handle(command);
  }
}, 10);

function handle(command) {
  switch (command.op) {
    case 'start': {
      emit({ type: 'starting' });
      for (const [path, content] of labFiles()) line('saw ' + path + ': ' + content);
      line('env ' + JSON.stringify(command.env) + ' scratch ' + JSON.stringify(command.scratchFiles));
      console.log('service: listening on 4321');
      emit({ type: 'started', port: 4321 });
      return reply(command.id);
    }
    case 'request':
      if (command.path === '/never') return;
      if (command.path === '/hang-session') {
        reply(command.id, { outcome: { kind: 'response', status: 200, headers: {}, body: '', durationMs: 1 } });
        const until = Date.now() + 2000;
        while (Date.now() < until) {} // busy: answers nothing for a while
        return;
      }
      if (command.path === '/exit') process.exit(5);
      if (command.path === '/refuse') return send({ type: 'reply', id: command.id, ok: false, error: 'The service is not running: press Run first.' });
      return reply(command.id, { outcome: { kind: 'response', status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method: command.method, path: command.path }), durationMs: 3 } });
    case 'fake':
      emit({ type: 'fake', name: command.name, mode: command.mode });
      return reply(command.id);
    case 'signal':
      emit({ type: 'exit', code: null, signal: command.signal, atMs: Date.now() - began });
      return reply(command.id);
    case 'stop':
      emit({ type: 'stopped', reason: 'stopped by the learner' });
      return reply(command.id);
  }
}
`;

interface StandInConfig {
  session?: 'ok' | 'exit-early' | 'silent';
  check?: 'report' | 'no-report';
  /** What the preflight says of the container's Node. */
  typeScript?: 'native' | 'unavailable';
  signals?: boolean;
}

function standInTree(config: StandInConfig): ContainerTree {
  return {
    'checks.mjs': { file: { contents: STAND_IN_RUNNER } },
    'stand-in.json': { file: { contents: JSON.stringify(config) } },
    lab: {
      directory: {
        'package.json': { file: { contents: '{"type":"module"}' } },
        src: {
          directory: {
            'server.ts': { file: { contents: 'starter server' } },
            'health.ts': { file: { contents: 'starter health' } },
          },
        },
      },
    },
  };
}

interface Setup {
  host: FakeContainerHost;
  booter: ContainerBooter;
  runtime: WebContainerRuntime;
  events: RuntimeEvent[];
  terminal: () => string;
  /** The stand-in's log: how it was run and the commands it took. */
  standInLog: () => Record<string, unknown>[];
  /** How many times the runtime loaded the lab's tree. */
  treeLoads: () => number;
}

function setup(
  t: TestContext,
  options: { boot?: FakeBoot; config?: StandInConfig; host?: FakeContainerHost; booter?: ContainerBooter; runtime?: Partial<WebContainerRuntimeOptions> } = {},
): Setup & { config: StandInConfig } {
  const host = options.host ?? createFakeContainerHost({ boot: options.boot });
  const booter = options.booter ?? new ContainerBooter(host.boot);
  const config: StandInConfig = { session: 'ok', check: 'report', ...options.config };
  let loads = 0;
  const runtime = new WebContainerRuntime({
    labId: LAB_ID,
    booter,
    loadTree: async () => {
      loads++;
      return standInTree(config);
    },
    sessionTimeoutMs: 10_000,
    ...options.runtime,
  });
  const { events, terminal } = recordRuntime(runtime);
  t.after(async () => {
    runtime.close();
    if (!options.host) await host.dispose();
  });
  const standInLog = () => {
    const path = join(host.container.root, 'stand-in.log');
    return existsSync(path)
      ? readFileSync(path, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as Record<string, unknown>)
      : [];
  };
  return { host, booter, runtime, events, terminal, standInLog, treeLoads: () => loads, config };
}

const FILES = { 'src/server.ts': "learner's server", 'src/health.ts': "learner's health", 'src/extra/new.ts': 'a new file' };

/** Resolves once `predicate` holds, polling; rejects after `timeoutMs`. */
async function eventually(predicate: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 10));
  }
}

const types = (events: RuntimeEvent[]) => events.map((event) => event.type);

// --- The fake itself --------------------------------------------------------------------------------

test('the fake container: paths stay inside its folder, output looks like a terminal, killed processes report 137, teardown leaves nothing', { timeout: TEST_TIMEOUT }, async (t) => {
  const host = createFakeContainerHost();
  t.after(() => host.dispose());
  const container = await host.boot();
  const fake = host.container;
  assert.equal(container, fake);

  await assert.rejects(container.fs.writeFile('../escaped.txt', 'x'), /outside the container/);
  await assert.rejects(container.fs.mkdir('/etc/operable', { recursive: true }), /relative/);
  await assert.rejects(container.mount({ sub: { directory: { '..': { file: { contents: 'x' } } } } }), /Invalid name/);
  await container.mount({ a: { directory: { 'b.txt': { file: { contents: 'mounted' } } } } });
  await container.fs.writeFile('a/c.txt', 'written');
  assert.equal(readFileSync(join(fake.root, 'a/b.txt'), 'utf8'), 'mounted');
  assert.equal(readFileSync(join(fake.root, 'a/c.txt'), 'utf8'), 'written');
  await container.fs.rm('a/c.txt');
  assert.equal(existsSync(join(fake.root, 'a/c.txt')), false);

  // stdout and stderr on one stream, \n written as \r\n; cwd inside the folder; env given; exit code.
  const echo = await container.spawn('node', ['-e', 'console.log(process.cwd() + " " + process.env.GREETING); console.error("on stderr"); process.exit(3)'], { cwd: 'a', env: { GREETING: 'hi' } });
  let output = '';
  for await (const chunk of echo.output) output += chunk;
  assert.equal(await echo.exit, 3);
  assert.match(output, new RegExp(`^${join(fake.root, 'a').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} hi\\r\\n`));
  assert.match(output, /on stderr\r\n/);
  assert.doesNotMatch(output.replace(/\r\n/g, ''), /\n/);

  // kill() takes down the process and what it started in its own process group.
  const parent = await container.spawn('node', [
    '-e',
    `const { spawn } = require('node:child_process');
     const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
     console.log('child ' + child.pid); setInterval(() => {}, 1000);`,
  ]);
  const reader = parent.output.getReader();
  let first = '';
  while (!/child \d+\r\n/.test(first)) first += (await reader.read()).value ?? '';
  reader.releaseLock();
  const grandchild = Number(/child (\d+)/.exec(first)![1]);
  assert.ok(fake.survivors().includes(grandchild));
  parent.kill();
  assert.equal(await parent.exit, 137);
  await eventually(() => !fake.survivors().includes(grandchild), 'the grandchild to be killed');

  const missing = await container.spawn('no-such-command-here', []);
  assert.equal(await missing.exit, 127);

  const sleeper = await container.spawn('node', ['-e', 'setInterval(() => {}, 1000)']);
  assert.deepEqual(fake.survivors(), [fake.processes.at(-1)!.pid]);
  container.teardown();
  assert.equal(await sleeper.exit, 137);
  assert.equal(existsSync(fake.root), false);
  await assert.rejects(container.fs.writeFile('x', 'y'), /torn down/);
});

// --- Booting, mounting, the session ---------------------------------------------------------------

test('the container boots on the first start, not before, and once for every later call and runtime of the page', { timeout: TEST_TIMEOUT }, async (t) => {
  const first = setup(t);
  await new Promise((done) => setTimeout(done, 50));
  assert.equal(first.host.bootCalls, 0, 'constructing the runtime boots nothing');
  assert.deepEqual(first.events, []);

  assert.deepEqual(await first.runtime.start(FILES), { ok: true });
  assert.equal(first.host.bootCalls, 1);
  await first.runtime.runChecks(FILES, () => undefined);
  await first.runtime.start(FILES);
  assert.equal(first.host.bootCalls, 1);
  assert.equal(first.treeLoads(), 1, 'the lab is mounted once per session');

  // Another lab's runtime on the same page shares the booted container.
  const second = setup(t, { host: first.host, booter: first.booter });
  await second.runtime.runChecks(FILES, () => undefined);
  assert.equal(first.host.bootCalls, 1);
  assert.equal(first.host.containers.length, 1);
});

test('mounting writes the lab tree and the inbox folder; start writes the learner\'s files under lab/ before the start command', { timeout: TEST_TIMEOUT }, async (t) => {
  const { host, runtime, events, standInLog } = setup(t);
  assert.deepEqual(await runtime.start(FILES, { env: { GREETING: 'hello' }, scratchFiles: { 'notes.txt': 'scratch' } }), { ok: true });
  const root = host.container.root;
  assert.equal(readFileSync(join(root, 'checks.mjs'), 'utf8'), STAND_IN_RUNNER);
  assert.equal(readFileSync(join(root, 'lab/package.json'), 'utf8'), '{"type":"module"}');
  assert.ok(existsSync(join(root, CONTAINER_LAYOUT.inbox)));
  assert.equal(readFileSync(join(root, 'lab/src/extra/new.ts'), 'utf8'), 'a new file');

  // What the stand-in saw when it took the start command.
  const lines = events.flatMap((event) => (event.type === 'line' ? [event.text] : []));
  assert.deepEqual(lines, [
    'saw package.json: {"type":"module"}',
    'saw src/extra/new.ts: a new file',
    "saw src/health.ts: learner's health",
    "saw src/server.ts: learner's server",
    'env {"GREETING":"hello"} scratch {"notes.txt":"scratch"}',
  ]);
  const [run, ...commands] = standInLog();
  assert.deepEqual(run, { mode: 'session', labId: LAB_ID, labDir: 'lab', flags: ['--host', 'webcontainer'] });
  assert.deepEqual(commands, [{ file: '000000001.json', command: { op: 'start', env: { GREETING: 'hello' }, scratchFiles: { 'notes.txt': 'scratch' }, id: 1 } }]);
});

test('events reach subscribers in order, until they unsubscribe', { timeout: TEST_TIMEOUT }, async (t) => {
  const { runtime, events } = setup(t);
  const late: RuntimeEvent[] = [];
  const unsubscribe = runtime.subscribe((event) => late.push(event));
  await runtime.start(FILES);
  assert.deepEqual(
    types(events).filter((type) => type !== 'line'),
    ['runtime-progress', 'runtime-progress', 'runtime-progress', 'runtime-capabilities', 'runtime-progress', 'starting', 'started'],
  );
  assert.deepEqual(
    events.filter((event) => event.type === 'runtime-progress').map((event) => (event as { message: string }).message),
    ['Starting the in-browser runtime…', 'Copying the lab into the in-browser runtime…', 'Checking the in-browser runtime’s Node…', 'The in-browser runtime is ready.'],
  );
  assert.deepEqual(events.at(-1), { type: 'started', port: 4321 });
  assert.deepEqual(late, events);
  unsubscribe();
  await runtime.setFake('database', 'down');
  assert.deepEqual(events.at(-1), { type: 'fake', name: 'database', mode: 'down' });
  assert.equal(late.length, events.length - 1);
});

test('the terminal gets the commands run, ordinary output and the service\'s lines, but no protocol messages', { timeout: TEST_TIMEOUT }, async (t) => {
  const { runtime, terminal } = setup(t);
  await runtime.start(FILES);
  await eventually(() => terminal().includes('service: listening on 4321'), 'the service output');
  const text = terminal();
  assert.ok(text.startsWith('$ node checks.mjs preflight lab\r\nNode v22.22.0 in the in-browser runtime runs TypeScript itself; signals reach your service (checked in 1 ms).\r\n'), text);
  assert.ok(text.includes(`$ node checks.mjs session ${LAB_ID}\r\n`));
  assert.match(text, new RegExp(`stand-in session for ${LAB_ID}\\r\\n`));
  assert.match(text, /saw src\/server\.ts: learner's server\r\n/);
  assert.match(text, /service: listening on 4321\r\n/);
  assert.doesNotMatch(text, /\{"type":"(session-ready|event|reply)"/);
  assert.doesNotMatch(text.replace(/\r\n/g, ''), /[\r\n]/, 'every line ends in exactly one \\r\\n');
});

test('a request with a JSON body carries it to the session', { timeout: TEST_TIMEOUT }, async (t) => {
  const { runtime, standInLog } = setup(t);
  await runtime.start(FILES);
  await runtime.request('POST', '/jobs', { json: { durationMs: 10, failTimes: 1 } });
  assert.deepEqual(standInLog().at(-1)?.command, { op: 'request', method: 'POST', path: '/jobs', json: { durationMs: 10, failTimes: 1 }, id: 2 });
});

test('request, setFake, signal and stop go through the inbox in order and come back as replies and events', { timeout: TEST_TIMEOUT }, async (t) => {
  const { host, runtime, events, standInLog } = setup(t);
  await runtime.start(FILES);
  const outcome = await runtime.request('GET', '/livez?x=1');
  assert.deepEqual(outcome, { kind: 'response', status: 200, headers: { 'content-type': 'application/json' }, body: '{"method":"GET","path":"/livez?x=1"}', durationMs: 3 });
  await runtime.setFake('database', 'hanging');
  await runtime.signal('SIGTERM');
  await runtime.stop();
  await assert.rejects(runtime.request('POST', '/refuse'), (error: Error) => error instanceof RuntimeError && error.message === 'The service is not running: press Run first.');

  assert.deepEqual(
    standInLog().slice(1).map((entry) => entry.command),
    [
      { op: 'start', env: {}, scratchFiles: {}, id: 1 },
      { op: 'request', method: 'GET', path: '/livez?x=1', id: 2 },
      { op: 'fake', name: 'database', mode: 'hanging', id: 3 },
      { op: 'signal', signal: 'SIGTERM', id: 4 },
      { op: 'stop', id: 5 },
      { op: 'request', method: 'POST', path: '/refuse', id: 6 },
    ],
  );
  assert.deepEqual(readdirSync(join(host.container.root, CONTAINER_LAYOUT.inbox)), [], 'the stand-in took every command');
  const tail = events.slice(-3);
  assert.deepEqual(tail[0], { type: 'fake', name: 'database', mode: 'hanging' });
  assert.equal(tail[1]?.type, 'exit');
  assert.deepEqual({ ...tail[1], atMs: 0 }, { type: 'exit', code: null, signal: 'SIGTERM', atMs: 0 });
  assert.deepEqual(tail[2], { type: 'stopped', reason: 'stopped by the learner' });
});

test('stop before anything started neither boots nor fails', { timeout: TEST_TIMEOUT }, async (t) => {
  const { host, runtime } = setup(t);
  await runtime.stop();
  assert.equal(host.bootCalls, 0);
});

// --- Checks -------------------------------------------------------------------------------------

test('runChecks writes the files, streams each result and returns the report', { timeout: TEST_TIMEOUT }, async (t) => {
  const { host, runtime, terminal, standInLog } = setup(t);
  const results: CheckResult[] = [];
  const report = await runtime.runChecks(FILES, (result) => results.push(result));
  assert.deepEqual(results.map((result) => [result.id, result.passed, result.measurements]), [['stand-in.files', true, { files: 4 }]]);
  assert.equal(report.lab, LAB_ID);
  assert.equal(report.passed, true);
  assert.deepEqual(report.checks, results);
  assert.match(terminal(), new RegExp(`\\$ node checks\\.mjs check ${LAB_ID} lab --host webcontainer --stream\\r\\n`));
  assert.match(terminal(), /check saw src\/server\.ts: learner's server\r\n/);
  assert.doesNotMatch(terminal(), /"type":"(result|report)"/);
  assert.deepEqual(standInLog().find((entry) => entry.mode === 'check'), { mode: 'check', labId: LAB_ID, labDir: 'lab', flags: ['--host', 'webcontainer', '--stream'] });
  const check = host.container.processes.find((record) => record.args[1] === 'check');
  assert.equal(await check?.exit, 0);
  assert.equal(host.container.processes.filter((record) => record.args[1] === 'session').length, 0, 'checks need no session program');
});

test('syncFiles writes edits into the mounted lab, and never boots the container for them', { timeout: TEST_TIMEOUT }, async (t) => {
  const { host, runtime } = setup(t);
  await runtime.syncFiles({ 'src/server.ts': 'before the boot' });
  assert.equal(host.bootCalls, 0, 'an edit before the first Run boots nothing');
  await runtime.start(FILES);
  await runtime.syncFiles({ 'src/server.ts': 'edited after Run' });
  assert.equal(readFileSync(join(host.container.root, 'lab', 'src', 'server.ts'), 'utf8'), 'edited after Run');
});

test('a new session starts with an empty inbox: a command left by an earlier one is not run', { timeout: TEST_TIMEOUT }, async (t) => {
  const { host, runtime, standInLog } = setup(t);
  await runtime.start(FILES);
  await assert.rejects(runtime.request('GET', '/exit'), RuntimeError);
  // A command the ended session never took, as one that timed out would be.
  await host.container.fs.writeFile('lab/.operable/inbox/000000000.json', JSON.stringify({ id: 999, op: 'stop' }));
  await runtime.start(FILES);
  await runtime.request('GET', '/livez');
  const taken = standInLog().flatMap((entry) => ('command' in entry ? [(entry.command as { id: number }).id] : []));
  assert.ok(taken.length >= 3, `the stand-in logged the commands it took: ${taken.join(', ')}`);
  assert.ok(!taken.includes(999), 'the leftover stop was never run');
});

test('a check runner that ends without a report is an error naming its exit code and last output', { timeout: TEST_TIMEOUT }, async (t) => {
  const { runtime } = setup(t, { config: { check: 'no-report' } });
  const results: CheckResult[] = [];
  await assert.rejects(runtime.runChecks(FILES, (result) => results.push(result)), (error: Error) => {
    assert.ok(error instanceof RuntimeError);
    assert.match(error.message, /ended \(exit code 2\) without a report/);
    assert.match(error.message, /boom: the check runner broke/);
    return true;
  });
  assert.deepEqual(results, []);
});

// --- The session ending, or not answering --------------------------------------------------------

test('a session program that exits before it is ready is an error naming the exit code; a later start opens a new one', { timeout: TEST_TIMEOUT }, async (t) => {
  const { host, runtime, events, terminal, config, treeLoads } = setup(t, { config: { session: 'exit-early' } });
  await assert.rejects(runtime.start(FILES), (error: Error) => error instanceof RuntimeError && /ended \(exit code 7\) before it was ready/.test(error.message));
  assert.match(terminal(), /cannot load the lab: the stand-in was told to fail\r\n/);
  assert.ok(!types(events).includes('started'));

  // The lab is mounted once: the stand-in's instructions change in the container's files.
  await host.container.fs.writeFile('stand-in.json', JSON.stringify({ ...config, session: 'ok' }));
  assert.deepEqual(await runtime.start(FILES), { ok: true });
  assert.equal(host.bootCalls, 1);
  assert.equal(treeLoads(), 1, 'the lab was fetched and mounted once');
  assert.equal(host.container.processes.filter((record) => record.args[1] === 'session').length, 2);

  // The container's events are followed once, however many sessions were opened.
  const before = events.length;
  host.fireServerReady(4321, 'https://4321.preview.test/');
  assert.deepEqual(events.slice(before), [{ type: 'preview', port: 4321, url: 'https://4321.preview.test/' }]);
});

test('a session program that never says it is ready is killed after the session timeout', { timeout: TEST_TIMEOUT }, async (t) => {
  const { host, runtime } = setup(t, { config: { session: 'silent' }, runtime: { sessionTimeoutMs: 300 } });
  const started = performance.now();
  await assert.rejects(runtime.start(FILES), (error: Error) => error instanceof RuntimeError && /did not start within/.test(error.message));
  assert.ok(performance.now() - started < 3_000);
  assert.equal(await host.container.processes.find((record) => record.args[1] === 'session')?.exit, 137);
});

test('a session that ends while a command waits fails the command and says the session stopped; the next start opens a new one', { timeout: TEST_TIMEOUT }, async (t) => {
  const { host, runtime, events } = setup(t);
  await runtime.start(FILES);
  await assert.rejects(runtime.request('GET', '/exit'), (error: Error) => error instanceof RuntimeError && /session in the in-browser runtime ended \(exit code 5\)/.test(error.message));
  await eventually(() => types(events).includes('stopped'), 'the stopped event');
  assert.deepEqual(events.at(-1), { type: 'stopped', reason: 'the in-browser session ended' });

  assert.deepEqual(await runtime.start(FILES), { ok: true });
  assert.equal(host.container.processes.filter((record) => record.args[1] === 'session').length, 2);
  assert.equal((await runtime.request('GET', '/livez')).kind, 'response');
});

test('a command whose reply never comes fails after its timeout, and the session goes on', { timeout: TEST_TIMEOUT }, async (t) => {
  const { runtime } = setup(t, { runtime: { replyTimeoutMs: { request: 300 } } });
  await runtime.start(FILES);
  const started = performance.now();
  await assert.rejects(runtime.request('GET', '/never'), (error: Error) => error instanceof RuntimeError && error.message.startsWith('The in-browser runtime did not answer "request" within 0.3 s. If it stays stuck, reload the page'));
  const waited = performance.now() - started;
  assert.ok(waited >= 290 && waited < 2_000, `waited ${waited} ms`);
  assert.equal((await runtime.request('GET', '/livez')).kind, 'response');
});

// --- The preflight: what the container's Node can do ---------------------------------------------

test('a Node that cannot run TypeScript and no type stripper: Run fails with what to do, and no session is started', { timeout: TEST_TIMEOUT }, async (t) => {
  const { host, runtime, events } = setup(t, { config: { typeScript: 'unavailable' } });
  await assert.rejects(runtime.start(FILES), (error: Error) => error instanceof RuntimeError && /cannot run the lab’s TypeScript\. Use the local runtime/.test(error.message));
  assert.equal(host.container.processes.some((record) => record.args[1] === 'session'), false);
  assert.equal(types(events).includes('runtime-capabilities'), false);
});

test('where signals do not arrive: the capabilities say so, and signal() is refused with the reason without asking the session', { timeout: TEST_TIMEOUT }, async (t) => {
  const { runtime, events, standInLog } = setup(t, { config: { signals: false } });
  await runtime.start(FILES);
  const capabilities = events.find((event) => event.type === 'runtime-capabilities');
  assert.deepEqual(capabilities && { ...capabilities, summary: '' }, { type: 'runtime-capabilities', signals: false, summary: '' });
  await assert.rejects(runtime.signal('SIGTERM'), /Signals do not reach your service in the in-browser runtime .*send SIGTERM in the local runtime/);
  assert.equal(standInLog().some((entry) => (entry.command as { op?: string } | undefined)?.op === 'signal'), false);
});

test('a stop that gets no answer tells the learner to reload the page for a fresh runtime', { timeout: TEST_TIMEOUT }, async (t) => {
  const { runtime } = setup(t, { runtime: { replyTimeoutMs: { stop: 300 } } });
  await runtime.start(FILES);
  await runtime.request('GET', '/hang-session');
  await assert.rejects(runtime.stop(), /did not stop your service within 0\.3 s: a process busy in a tight loop cannot be stopped there\. Reload the page/);
});

test('the preflight runs once per mounted container, however many Runs and checks follow', { timeout: TEST_TIMEOUT }, async (t) => {
  const { host, runtime } = setup(t);
  await runtime.start(FILES);
  await runtime.runChecks(FILES, () => undefined);
  await runtime.start(FILES);
  assert.equal(host.container.processes.filter((record) => record.args[1] === 'preflight').length, 1);
});

// --- What the container reports -----------------------------------------------------------------

test('server-ready and open ports become preview events and URLs; closed ports lose theirs; container errors reach the terminal', { timeout: TEST_TIMEOUT }, async (t) => {
  const { host, runtime, events, terminal } = setup(t);
  await runtime.start(FILES);
  assert.equal(runtime.previewUrl(4321), undefined);
  host.fireServerReady(4321, 'https://4321.preview.test/');
  assert.deepEqual(events.at(-1), { type: 'preview', port: 4321, url: 'https://4321.preview.test/' });
  assert.equal(runtime.previewUrl(4321), 'https://4321.preview.test/');
  host.firePort(5000, 'open', 'https://5000.preview.test/');
  assert.deepEqual(events.at(-1), { type: 'preview', port: 5000, url: 'https://5000.preview.test/' });
  assert.equal(runtime.previewUrl(5000), 'https://5000.preview.test/');
  host.firePort(4321, 'close', 'https://4321.preview.test/');
  assert.equal(runtime.previewUrl(4321), undefined);
  host.fireError('out of memory');
  assert.match(terminal(), /\r\n\[in-browser runtime error\] out of memory\r\n/);
});

// --- Boot problems ------------------------------------------------------------------------------

test('a boot that hangs: runtime-unavailable "timeout" and an error; trying again waits on the same boot and can succeed', { timeout: TEST_TIMEOUT }, async (t) => {
  const { host, runtime, events } = setup(t, { boot: { kind: 'manual' }, runtime: { bootTimeoutMs: 200 } });
  for (const attempt of [1, 2]) {
    await assert.rejects(runtime.start(FILES), (error: Error) => error instanceof RuntimeError && /did not start within \d+ s/.test(error.message));
    const unavailable = events.filter((event) => event.type === 'runtime-unavailable');
    assert.equal(unavailable.length, attempt);
    assert.equal((unavailable.at(-1) as { problem: string }).problem, 'timeout');
  }
  assert.equal(host.bootCalls, 1);

  const retry = runtime.start(FILES);
  host.resolveBoot();
  assert.deepEqual(await retry, { ok: true });
  assert.equal(host.bootCalls, 1);
  assert.equal(events.at(-1)?.type, 'started');
});

test('a boot that fails: runtime-unavailable "failed", and every later call fails at once without booting again', { timeout: TEST_TIMEOUT }, async (t) => {
  const { host, runtime, events } = setup(t, { boot: { kind: 'fail', message: 'WebContainer boot refused' } });
  await assert.rejects(runtime.start(FILES), (error: Error) => error instanceof RuntimeError && /WebContainer boot refused/.test(error.message) && /reload the page/i.test(error.message) && /third-party cookies/.test(error.message));
  const unavailable = events.find((event) => event.type === 'runtime-unavailable');
  assert.deepEqual(unavailable && { ...unavailable, message: '' }, { type: 'runtime-unavailable', problem: 'failed', message: '' });
  await assert.rejects(runtime.runChecks(FILES, () => undefined), RuntimeError);
  assert.equal(host.bootCalls, 1);
  assert.equal(events.filter((event) => event.type === 'runtime-unavailable').length, 2);
});

// --- Closing ------------------------------------------------------------------------------------

test('close() kills the session program without reporting a stopped session', { timeout: TEST_TIMEOUT }, async (t) => {
  const { host, runtime, events } = setup(t);
  await runtime.start(FILES);
  const session = host.container.processes.find((record) => record.args[1] === 'session')!;
  assert.deepEqual(host.container.survivors(), [session.pid]);
  runtime.close();
  assert.equal(await session.exit, 137);
  await new Promise((done) => setTimeout(done, 50));
  assert.ok(!types(events).includes('stopped'));
  assert.deepEqual(host.container.survivors(), []);
});
