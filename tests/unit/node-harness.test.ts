/**
 * The Node host of the harness against small purpose-built services: what a learner's broken service
 * looks like to the grader, and that the grader cleans up after anything.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CheckFailure, InfrastructureError } from '../../src/engine/check.ts';
import { labManifestSchema } from '../../src/engine/lab.ts';
import { NodeHarness } from '../../src/engine/node/node-harness.ts';

const manifest = labManifestSchema.parse({
  id: '99-fixture',
  title: 'Fixture',
  lesson: '99-fixture',
  summary: 'Services that misbehave on purpose',
  entry: 'src/server.ts',
  editableFiles: ['src/server.ts'],
  env: { FROM_MANIFEST: 'yes' },
  workspace: { signals: [], requests: [] },
});

const LISTEN = `import { createServer } from 'node:http';
const listen = (handler: Parameters<typeof createServer>[1]) => createServer(handler).listen(Number(process.env.PORT), process.env.HOST);
`;

function harnessFor(server: string, startTimeoutMs?: number): NodeHarness {
  const files = new Map([
    ['package.json', '{"type":"module"}'],
    ['src/server.ts', server],
  ]);
  return new NodeHarness({ manifest, files, startTimeoutMs });
}

/** Alive and not a zombie: a killed process whose parent has not reaped it yet counts as dead. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

test('a service that crashes at start fails with its exit code and the end of its stderr', async () => {
  const harness = harnessFor(`throw new Error('DATABASE_URL is missing');\n`);
  try {
    await assert.rejects(harness.start(), (error: CheckFailure) => {
      assert.ok(error instanceof CheckFailure);
      assert.match(error.observed, /exited \(exit code 1\) before answering/);
      assert.match(error.observed, /DATABASE_URL is missing/);
      return true;
    });
  } finally {
    await harness.dispose();
  }
});

test('a service with a syntax error shows the file and line', async () => {
  const harness = harnessFor(`const x = ;\n`);
  try {
    await assert.rejects(harness.start(), (error: CheckFailure) => {
      assert.match(error.observed, /\n    src\/server\.ts:1\n    const x = ;\n/);
      assert.match(error.observed, /SyntaxError .*Expression expected/);
      assert.doesNotMatch(error.observed, /operable-run-|node:internal/);
      return true;
    });
  } finally {
    await harness.dispose();
  }
});

test('a service that never listens fails with a hint about PORT', async () => {
  const harness = harnessFor(`setInterval(() => {}, 1000);\n`, 500);
  try {
    await assert.rejects(harness.start(), /no answer\. Does it listen on process\.env\.PORT and HOST\?/);
  } finally {
    await harness.dispose();
  }
});

test('a service on a port that is taken says EADDRINUSE', async () => {
  const holder = harnessFor(`${LISTEN}listen((req, res) => res.end('ok'));\n`);
  const first = await holder.start();
  const harness = harnessFor(`import { createServer } from 'node:http';\ncreateServer().listen(${first.port}, '127.0.0.1');\n`, 2000);
  try {
    await assert.rejects(harness.start(), /EADDRINUSE/);
  } finally {
    await harness.dispose();
    await holder.dispose();
  }
});

test('a service that answered, then died of EADDRINUSE on its own port, is reported as interference; one that did not, is not', async () => {
  // What a service told a port another listener already holds looks like: the readiness probe is answered
  // (by the other listener), then the service's own listen fails.
  const displaced = harnessFor(`${LISTEN}const server = listen((req, res) => res.end('ok'));
server.on('listening', () => setTimeout(() => {
  process.stderr.write('Error: listen EADDRINUSE: address already in use ' + process.env.HOST + ':' + process.env.PORT + '\\n');
  process.exit(1);
}, 300));
`);
  const healthy = harnessFor(`${LISTEN}listen((req, res) => res.end('ok'));\n`);
  try {
    const service = await displaced.start();
    assert.equal(await displaced.interference(), undefined, 'still running: nothing to say yet');
    await service.waitForExit(5000);
    assert.match((await displaced.interference()) ?? '', new RegExp(`port ${service.port} was taken by another program`));
    await healthy.start();
    assert.equal(await healthy.interference(), undefined);
  } finally {
    await displaced.dispose();
    await healthy.dispose();
  }
});

test('dispose kills the whole process tree, grandchildren included', async () => {
  const harness = harnessFor(`${LISTEN}import { spawn } from 'node:child_process';
const child = spawn('sleep', ['300'], { stdio: 'ignore' });
console.log(JSON.stringify({ level: 'info', msg: 'spawned', time: new Date().toISOString(), pid: child.pid }));
listen((req, res) => res.end('ok'));
`);
  const service = await harness.start();
  const spawned = service.logLines().find((line) => line.json?.msg === 'spawned');
  const grandchild = Number(spawned?.json?.pid);
  assert.ok(grandchild > 0, 'the fixture reports its child pid');
  assert.ok(isAlive(grandchild));
  await harness.dispose();
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(isAlive(grandchild), false, 'the grandchild survived dispose()');
});

test('a flood of output is capped, and the service is not blocked by it', async () => {
  const harness = harnessFor(`${LISTEN}const line = 'x'.repeat(1023) + '\\n';
for (let i = 0; i < 3 * 1024; i++) process.stdout.write(line);
listen((req, res) => res.end('ok'));
`);
  try {
    const service = await harness.start();
    const outcome = await service.request('/');
    assert.equal(outcome.kind, 'response');
    // The service may answer before the grader has read all it wrote: give the pipe a moment.
    for (let waited = 0; waited < 5000 && !service.stdout().endsWith('dropped]'); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const kept = service.stdout();
    assert.ok(kept.length < 1.1 * 1024 * 1024, `kept ${kept.length} bytes`);
    assert.ok(kept.endsWith(' more bytes were dropped]'), `no truncation note at the end of ${kept.length} bytes: ${kept.slice(-80)}`);
    // The log lines (what the workspace streams) say it once, too.
    const notes = service.logLines().filter((line) => line.text.startsWith('[output capped at 1 MiB'));
    assert.equal(notes.length, 1);
  } finally {
    await harness.dispose();
  }
});

test("the service sees the lab's env and its own PORT, never the grader's secrets", async () => {
  process.env.OPERABLE_GRADER_SECRET = 'do-not-leak';
  const harness = harnessFor(`${LISTEN}listen((req, res) => res.end(JSON.stringify(process.env)));\n`);
  try {
    const service = await harness.start({ env: { FROM_CHECK: 'also' } });
    const outcome = await service.request('/');
    assert.equal(outcome.kind, 'response');
    const env = JSON.parse(outcome.kind === 'response' ? outcome.body : '{}');
    assert.equal(env.FROM_MANIFEST, 'yes');
    assert.equal(env.FROM_CHECK, 'also');
    assert.equal(env.PORT, String(service.port));
    assert.equal(env.HOST, '127.0.0.1');
    assert.equal(env.OPERABLE_GRADER_SECRET, undefined);
  } finally {
    delete process.env.OPERABLE_GRADER_SECRET;
    await harness.dispose();
  }
});

test('a check can leave out a lab default, write the port with a tail, and start the service from another folder', async () => {
  // parseInt, on purpose: this service accepts "12345abc" as 12345, so it still answers.
  const harness = harnessFor(`import { createServer } from 'node:http';
createServer((req, res) => res.end(JSON.stringify({ env: process.env, cwd: process.cwd() })))
  .listen(Number.parseInt(process.env.PORT ?? ''), process.env.HOST);
`);
  try {
    const service = await harness.start({ unsetEnv: ['FROM_MANIFEST'], formatPort: (port) => `${port}abc`, workingDirectory: 'elsewhere/deeper' });
    const outcome = await service.request('/');
    assert.equal(outcome.kind, 'response');
    const { env, cwd } = JSON.parse(outcome.kind === 'response' ? outcome.body : '{}');
    assert.equal(env.FROM_MANIFEST, undefined);
    assert.equal(env.PORT, `${service.port}abc`);
    assert.match(cwd, /\/operable-run-[^/]+\/elsewhere\/deeper$/);
  } finally {
    await harness.dispose();
  }
});

test('waitForExit reports code, signal and time; a signal to an exited service is harmless', async () => {
  const harness = harnessFor(`${LISTEN}const server = listen((req, res) => res.end('ok'));
process.on('SIGTERM', () => server.close(() => process.exit(3)));
`);
  try {
    const service = await harness.start();
    assert.equal(await service.waitForExit(50), undefined, 'still running');
    service.signal('SIGTERM');
    const exit = await service.waitForExit(5000);
    assert.equal(exit?.code, 3);
    assert.equal(exit?.signal, null);
    assert.ok(exit!.atMs > 0);
    service.signal('SIGTERM');
    const refused = await service.request('/');
    assert.equal(refused.kind === 'error' && refused.code, 'ECONNREFUSED');
  } finally {
    await harness.dispose();
  }
});

test('a request can come from another loopback address, the peer the service sees; a host without one refuses it', async () => {
  const server = `${LISTEN}listen((req, res) => res.end(req.socket.remoteAddress));\n`;
  const harness = harnessFor(server);
  try {
    const service = await harness.start();
    const other = await service.request('/', { localAddress: '127.0.0.3' });
    assert.equal(other.kind === 'response' && other.body, '127.0.0.3');
    const usual = await service.request('/');
    assert.equal(usual.kind === 'response' && usual.body, '127.0.0.1');
  } finally {
    await harness.dispose();
  }
  const files = new Map([
    ['package.json', '{"type":"module"}'],
    ['src/server.ts', server],
  ]);
  const lacking = new NodeHarness({ manifest, files, lacks: new Set(['second-loopback']) });
  try {
    const service = await lacking.start();
    await assert.rejects(service.request('/', { localAddress: '127.0.0.3' }), (error: Error) => error instanceof InfrastructureError && /another loopback address/.test(error.message));
  } finally {
    await lacking.dispose();
  }
});
