/**
 * Hostile submissions against the sandboxed grader (src/engine/node/sandbox.ts): each service below
 * does what a careless or malicious learner's code could, and each must be contained: the grader
 * stays responsive, nothing of the service is left running or on disk, and it sees none of the
 * grader, the project or another submission. Bounded: seconds each, loopback only.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { findLab } from '../../labs/index.ts';
import { CheckFailure } from '../../src/engine/check.ts';
import type { ServiceInstance } from '../../src/engine/harness.ts';
import { gradeSubmission, loadSubmission } from '../../src/engine/node/grade.ts';
import { MAX_LOG_LINES, NodeHarness } from '../../src/engine/node/node-harness.ts';
import { privateNetworkAvailable } from '../../src/engine/node/private-network.ts';
import { labFolders, projectRoot } from '../../src/engine/node/project-paths.ts';
import { readFolder } from '../../src/engine/node/read-folder.ts';
import { SANDBOX_LIMITS, sandboxSupport } from '../../src/engine/node/sandbox.ts';
import { OWN_GROUP_PREFIX } from '../../src/engine/node/service-cgroup.ts';

const lab = findLab('04-health')!;
const starter = await readFolder(labFolders('04-health').starter);
const support = sandboxSupport();
/** A secret only the grader's own environment holds: no service may read it. */
const GRADER_SECRET = `grader-secret-${process.pid}-${Date.now()}`;
process.env.OPERABLE_TEST_GRADER_SECRET = GRADER_SECRET;

/** A service answering /livez (so it starts) and /report (what it found), then doing `hostile` at start. */
function hostileService(hostile: string, routes = ''): string {
  return `import { createServer } from 'node:http';
import * as fs from 'node:fs';
import * as childProcess from 'node:child_process';
import * as net from 'node:net';
const report: Record<string, unknown> = {};
const server = createServer((req, res) => {
  ${routes}
  if (req.url === '/report') return res.end(JSON.stringify(report));
  res.end('ok');
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => {
  ${hostile}
});
`;
}

/** A harness for lab 04's manifest whose service is `source`, always in the sandbox. */
function harnessFor(source: string): NodeHarness {
  const files = new Map(starter);
  files.set('src/server.ts', source);
  return new NodeHarness({ manifest: lab.manifest, files, sandbox: 'required', startTimeoutMs: 5_000 });
}

/** Processes whose command line holds `marker` (the hostile programs tag their children with it). */
function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(marker)) found.push(Number(name));
    } catch {
      // gone
    }
  }
  return found;
}

/** Processes whose working directory is inside `folder`. */
function processesIn(folder: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (readlinkSync(`/proc/${name}/cwd`).startsWith(folder)) found.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

async function eventually(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) assert.fail(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs `body` with the grader's event loop watched; it must never stall for long. */
async function responsive<T>(body: () => Promise<T>): Promise<T> {
  const delay = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();
  try {
    return await body();
  } finally {
    delay.disable();
    assert.ok(delay.max / 1e6 < 2_000, `the grader stalled for ${Math.round(delay.max / 1e6)} ms`);
  }
}

/** Starts the hostile service, hands it to `inspect`, disposes, and checks nothing of it is left. */
async function contain(source: string, inspect: (service: ServiceInstance | undefined, harness: NodeHarness) => Promise<void>, options: { answers?: boolean } = {}) {
  const harness = harnessFor(source);
  let service: ServiceInstance | undefined;
  let runFolder = '';
  try {
    await responsive(async () => {
      if (options.answers === false) {
        await assert.rejects(harness.start(), CheckFailure);
      } else {
        service = await harness.start();
      }
      runFolder = (harness as unknown as { workdirs: { path: string }[] }).workdirs[0]!.path;
      await inspect(service, harness);
    });
  } finally {
    await harness.dispose();
  }
  await eventually(() => processesIn(runFolder).length === 0, `no process left in ${runFolder} (${processesIn(runFolder).join(', ')})`);
  assert.equal(existsSync(runFolder), false, 'the run folder is removed');
  const cgroups = ['memory', 'pids'].flatMap((controller) => {
    const root = `/sys/fs/cgroup/${controller}`;
    return existsSync(root) ? readdirSync(root).filter((name) => name.startsWith(OWN_GROUP_PREFIX)) : [];
  });
  assert.deepEqual(cgroups, [], 'no cgroup left');
}

async function reportOf(service: ServiceInstance | undefined): Promise<Record<string, unknown>> {
  const outcome = await service!.request('/report');
  assert.equal(outcome.kind, 'response', JSON.stringify(outcome));
  return JSON.parse(outcome.kind === 'response' ? outcome.body : '{}') as Record<string, unknown>;
}

// On Linux the sandbox is part of the product: its absence fails the suite, saying how to install it.
test('the sandbox is available on this Linux machine', { skip: process.platform === 'linux' ? false : 'the sandbox is Linux only' }, () => {
  assert.ok(support.available, support.available ? '' : `no sandbox: ${support.reason}`);
});

describe('hostile submissions, each in the sandbox', { skip: support.available ? false : `no sandbox here: ${support.available ? '' : support.reason}` }, () => {
  let otherRun: string;
  before(async () => {
    // Another submission's run folder, as a concurrent grading would have it.
    otherRun = await mkdtemp(join(tmpdir(), 'operable-run-'));
    await writeFile(join(otherRun, 'secret.txt'), 'another learner');
  });
  after(() => rm(otherRun, { recursive: true, force: true }));

  test('an infinite loop at start: the start times out, the process is killed', { timeout: 30_000 }, async () => {
    await contain('for (;;) {}\n', async () => undefined, { answers: false });
  });

  test('an infinite loop in a handler: the request times out, the grader goes on', { timeout: 30_000 }, async () => {
    await contain(hostileService('', "if (req.url === '/spin') for (;;) {}"), async (service) => {
      const outcome = await service!.request('/spin', { timeoutMs: 500 });
      assert.equal(outcome.kind === 'error' && outcome.code, 'TIMEOUT', JSON.stringify(outcome));
    });
  });

  test('200 children, a setsid and a double fork: limited, and none outlives the check', { timeout: 30_000 }, async () => {
    const marker = `3600.${process.pid}1`;
    const source = hostileService(`
      let started = 0, refused = 0;
      for (let i = 0; i < 200; i++) {
        try {
          const child = childProcess.spawn('sleep', ['${marker}'], { detached: true, stdio: 'ignore' });
          child.on('error', () => refused++);
          child.unref();
          started++;
        } catch { refused++; }
      }
      childProcess.spawn('sh', ['-c', 'setsid sleep ${marker} & (sleep ${marker} &) ; exit 0'], { stdio: 'ignore' }).on('error', () => refused++);
      setTimeout(() => { report.started = started; report.refused = refused; }, 500);
    `);
    await contain(source, async (service) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      const report = await reportOf(service);
      assert.ok(processesWith(marker).length > 0, 'some children did start');
      assert.ok(processesWith(marker).length <= SANDBOX_LIMITS.tasks, `at most ${SANDBOX_LIMITS.tasks} tasks: ${processesWith(marker).length} (${JSON.stringify(report)})`);
    });
    await eventually(() => processesWith(marker).length === 0, 'every child, the setsid and double-forked ones too, to be gone');
  });

  test('100 MB of output and a million lines: capped, and the grader stays small and quick', { timeout: 60_000 }, async () => {
    const source = hostileService(`
      const block = 'x'.repeat(1024 * 1024) + '\\n';
      let written = 0;
      const flood = () => {
        while (written < 100) { written++; if (!process.stdout.write(block)) return process.stdout.once('drain', flood); }
        process.stderr.write('\\n'.repeat(1_000_000), () => { report.done = true; });
      };
      flood();
    `);
    const rssBefore = process.memoryUsage().rss;
    await contain(source, async (service) => {
      await eventually(() => service!.stderr().length > 0 && service!.logLines().filter((line) => line.stream === 'stderr').length >= MAX_LOG_LINES, 'the flood to reach the line cap', 30_000);
      assert.ok(service!.stdout().length < 2 * 1024 * 1024, `stdout kept: ${service!.stdout().length} bytes`);
      assert.ok(service!.logLines().length <= 2 * (MAX_LOG_LINES + 1), `lines kept: ${service!.logLines().length}`);
      assert.match(service!.stdout(), /output truncated/);
    });
    const grown = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    assert.ok(grown < 300, `the grader grew by ${Math.round(grown)} MB`);
  });

  test('4 GiB of Buffers: the service is stopped at its memory limit, the grader is untouched', { timeout: 60_000, skip: support.available && support.cgroups.memory ? false : 'no writable memory cgroup here (run as root on Linux with cgroup v1 memory)' }, async () => {
    const source = hostileService(
      '',
      `if (req.url === '/grab') {
        const kept = [];
        const grab = () => { for (let i = 0; i < 8; i++) kept.push(Buffer.alloc(64 * 1024 * 1024, 1)); report.mb = kept.length * 64; if (kept.length < 64) setTimeout(grab, 10); };
        grab();
        return res.end('grabbing');
      }`,
    );
    await contain(source, async (service) => {
      await service!.request('/grab', { timeoutMs: 2_000 });
      const exit = await service!.waitForExit(30_000);
      assert.ok(exit, 'the service was stopped');
      assert.equal(exit.signal, 'SIGKILL', `killed at its memory limit: ${JSON.stringify(exit)}`);
    });
  });

  test('a 1 GiB file: refused past the file-size limit, and nothing is left on disk', { timeout: 60_000, skip: support.available && support.asRoot ? false : 'file-size limits need root (a user of its own per service)' }, async () => {
    const source = hostileService(`
      const chunk = Buffer.alloc(1024 * 1024);
      try {
        const fd = fs.openSync('big.bin', 'w');
        for (let i = 0; i < 1024; i++) fs.writeSync(fd, chunk);
        report.wrote = 'all';
      } catch (error) { report.error = error.code; }
      try { report.size = fs.statSync('big.bin').size; } catch {}
    `);
    await contain(source, async (service, harness) => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const runFolder = (harness as unknown as { workdirs: { path: string }[] }).workdirs[0]!.path;
      const size = existsSync(join(runFolder, 'big.bin')) ? readFileSync(join(runFolder, 'big.bin')).length : 0;
      assert.ok(size <= SANDBOX_LIMITS.fileBytes, `the file grew to ${size} bytes`);
      if (!service!.exit) assert.notEqual((await reportOf(service)).wrote, 'all');
    });
  });

  test('reading the solutions, another run folder and the grader’s environment; writing into the project: all refused', { timeout: 30_000 }, async () => {
    const source = hostileService(`
      const attempt = (name, action) => { try { report[name] = String(action()).slice(0, 200); } catch (error) { report[name] = 'refused: ' + error.code; } };
      attempt('solutions', () => fs.readFileSync(${JSON.stringify(join(labFolders('04-health').solution, 'src/health.ts'))}, 'utf8'));
      attempt('labs', () => fs.readdirSync(${JSON.stringify(join(projectRoot, 'labs'))}).join(','));
      attempt('otherRun', () => fs.readFileSync(process.env.OTHER_RUN + '/secret.txt', 'utf8'));
      attempt('graderEnviron', () => fs.readFileSync('/proc/' + process.env.GRADER_PID + '/environ', 'utf8'));
      attempt('everyEnviron', () => fs.readdirSync('/proc').filter((pid) => /^\\d+$/.test(pid)).map((pid) => { try { return fs.readFileSync('/proc/' + pid + '/environ', 'utf8'); } catch { return ''; } }).join(' '));
      attempt('writeEngine', () => fs.writeFileSync(${JSON.stringify(join(projectRoot, 'node_modules', '.operable-hostile'))}, 'x'));
      attempt('writeSource', () => fs.writeFileSync(${JSON.stringify(join(projectRoot, 'src', 'hostile.ts'))}, 'x'));
      attempt('throughNodeModules', () => fs.readdirSync('node_modules/..').join(','));
    `);
    await contain(
      source,
      async (service) => {
        const report = await reportOf(service);
        for (const name of ['solutions', 'labs', 'otherRun', 'graderEnviron', 'writeEngine', 'writeSource']) {
          assert.match(String(report[name]), /^refused: /, `${name}: ${report[name]}`);
        }
        assert.doesNotMatch(String(report.everyEnviron), new RegExp(GRADER_SECRET), 'no process it can see has the grader’s environment');
        assert.doesNotMatch(String(report.throughNodeModules), /src|labs|solutions/, `node_modules/.. shows ${report.throughNodeModules}`);
      },
    );
    assert.equal(existsSync(join(projectRoot, 'node_modules', '.operable-hostile')), false);
    assert.equal(existsSync(join(projectRoot, 'src', 'hostile.ts')), false);
  });

  test('squatting fifty ports: all free again once the check ends', { timeout: 30_000 }, async () => {
    const source = hostileService(`
      report.ports = [];
      for (let i = 0; i < 50; i++) { const s = net.createServer().listen(0, '127.0.0.1', () => report.ports.push(s.address().port)); }
    `);
    let ports: number[] = [];
    await contain(source, async (service) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      ports = (await reportOf(service)).ports as number[];
      assert.equal(ports.length, 50);
    });
    for (const port of ports) {
      await new Promise<void>((resolve, reject) => {
        const probe: Server = createServer().once('error', reject).listen(port, '127.0.0.1', () => probe.close(() => resolve()));
      });
    }
  });

  test('after all of it, the next submission grades as before', { timeout: 90_000 }, async () => {
    const report = await gradeSubmission(lab, await loadSubmission(lab, labFolders('04-health').solution), { sandbox: 'required' });
    assert.equal(report.passed, true, report.checks.filter((check) => !check.passed).map((check) => `${check.id}: ${check.message}`).join('\n'));
  });
});

describe('a graded submission in its own network', { skip: privateNetworkAvailable() ? false : 'needs root and the sandbox (bubblewrap makes the network namespace)' }, () => {
  test('it cannot connect out, not even to the grader’s own loopback', { timeout: 60_000 }, async () => {
    const listener = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    let connections = 0;
    await new Promise<void>((resolve) => listener.listen(0, '0.0.0.0', () => resolve()));
    const port = (listener.address() as { port: number }).port;
    const external = Object.values(networkInterfaces()).flat().find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
    const dir = await mkdtemp(join(tmpdir(), 'operable-hostile-net-'));
    try {
      await mkdir(join(dir, 'src'));
      const targets = JSON.stringify([`127.0.0.1:${port}`, ...(external ? [`${external}:${port}`] : [])]);
      // Tries to connect out at every start, then serves as the reference would: the checks still run.
      await writeFile(
        join(dir, 'src', 'server.ts'),
        `import * as net from 'node:net';\nfor (const target of ${targets}) { const [host, port] = target.split(':'); net.connect(Number(port), host).on('error', () => {}); }\n${readFileSync(join(labFolders('04-health').solution, 'src/server.ts'), 'utf8')}`,
      );
      await writeFile(join(dir, 'src', 'health.ts'), readFileSync(join(labFolders('04-health').solution, 'src/health.ts'), 'utf8'));
      const outcome = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, [join(projectRoot, 'src/cli/operable.ts'), 'check', '04-health', dir, '--json'], { timeout: 50_000 }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
        );
      });
      assert.equal(outcome.code, 0, `${outcome.stderr}\n${outcome.stdout.slice(0, 1000)}`);
      assert.equal(connections, 0, 'no connection reached the machine outside the submission’s network');
    } finally {
      listener.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
