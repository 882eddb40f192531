/**
 * `npx operable` as a learner runs it: exit codes, human and JSON output, and clear messages for
 * every usage problem.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { labReportSchema } from '../../src/engine/report.ts';
import { labFolders, projectRoot } from '../../src/engine/node/project-paths.ts';

const LAB = '03-graceful-shutdown';

/** Runs the command the way `npx operable` does: the bin shim on this Node. */
function operable(...args: string[]) {
  const result = spawnSync(process.execPath, [join(projectRoot, 'bin', 'operable.js'), ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let scratch: string;
before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'operable-cli-test-'));
});
after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

test('list names every lab and how to grade', () => {
  const { code, stdout } = operable('list');
  assert.equal(code, 0);
  assert.match(stdout, /03-graceful-shutdown\s+Graceful shutdown/);
  assert.match(stdout, /npx operable check <lab> \[DIR\] \[--json\]/);
});

test('the reference passes: exit 0, every check marked ✓', () => {
  const { code, stdout } = operable('check', LAB, `solutions/${LAB}`);
  assert.equal(code, 0, stdout);
  assert.match(stdout, /✓ A request in flight at SIGTERM still gets its 200/);
  assert.doesNotMatch(stdout, /✗/);
  assert.match(stdout, /Score (\d+)\/\1\s+All checks pass\./);
});

test('the starter fails: exit 1, with expected, observed and hint for each failure', () => {
  const { code, stdout } = operable('check', LAB);
  assert.equal(code, 1);
  assert.match(stdout, /Grading the starter/);
  assert.match(stdout, /✗ A request in flight at SIGTERM still gets its 200 \[shutdown\.drains-in-flight, 0\/3 pt/);
  assert.match(stdout, /\n\s+Expected GET \/slow\?ms=1500, in flight when SIGTERM arrived, to complete with HTTP 200\.\n\s+Observed connection reset/);
  assert.match(stdout, /\n\s+Hint: Lesson 03, "Let in-flight requests finish"/);
});

test('--json prints one report that matches the report schema', () => {
  const { code, stdout } = operable('check', LAB, `labs/${LAB}/mistakes/sigterm-only`, '--json');
  assert.equal(code, 1);
  const report = labReportSchema.parse(JSON.parse(stdout));
  assert.equal(report.lab, LAB);
  assert.equal(report.passed, false);
  const failed = report.checks.filter((check) => !check.passed).map((check) => check.id);
  assert.deepEqual(failed, ['shutdown.sigint-drains-too']);
  assert.equal(report.score, report.maxScore - 2);
});

test('a folder with only some editable files takes the rest from the starter', async () => {
  const dir = join(scratch, 'partial');
  await mkdir(join(dir, 'src'), { recursive: true });
  await writeFile(join(dir, 'src', 'shutdown.ts'), "export * from './shutdown-impl.ts';\n");
  const { code, stdout } = operable('check', LAB, dir);
  assert.equal(code, 1);
  assert.match(stdout, /yours: src\/shutdown\.ts; from the starter: src\/server\.ts/);
  // shutdown.ts imports a file that is not part of the lab: the service cannot start, and says why.
  assert.match(stdout, /exited \(exit code 1\) before answering/);
  assert.match(stdout, /shutdown-impl\.ts/);
});

test('usage problems exit 2 with a message that says what to do', async () => {
  const noLab = operable('check');
  assert.equal(noLab.code, 2);
  assert.match(noLab.stderr, /Which lab\?/);

  const unknown = operable('check', '99-nope');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /There is no lab "99-nope"/);
  assert.match(unknown.stderr, /03-graceful-shutdown/);
  assert.doesNotMatch(unknown.stderr, /Did you mean/);

  const mistyped = operable('check', '04-heath');
  assert.equal(mistyped.code, 2);
  assert.match(mistyped.stderr, /There is no lab "04-heath"\. Did you mean 04-health\?/);

  const missing = operable('check', LAB, join(scratch, 'does-not-exist'));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /does-not-exist does not exist\. Pass the folder that holds your lab files/);

  const badFlag = operable('check', LAB, '--jsn');
  assert.equal(badFlag.code, 2);
  assert.match(badFlag.stderr, /Unknown option '--jsn'/);

  const unknownCommand = operable('grade');
  assert.equal(unknownCommand.code, 2);
  assert.match(unknownCommand.stderr, /Unknown command "grade"/);
});

test('a submitted file that is too large or a symbolic link is refused with exit 2', async () => {
  const big = join(scratch, 'big');
  await mkdir(join(big, 'src'), { recursive: true });
  await writeFile(join(big, 'src', 'shutdown.ts'), `// ${'x'.repeat(300 * 1024)}\n`);
  const tooBig = operable('check', LAB, big);
  assert.equal(tooBig.code, 2);
  assert.match(tooBig.stderr, /src\/shutdown\.ts is 300 KiB; a lab file may be at most 256 KiB/);

  const linked = join(scratch, 'linked');
  await mkdir(join(linked, 'src'), { recursive: true });
  await symlink('/etc/passwd', join(linked, 'src', 'shutdown.ts'));
  const link = operable('check', LAB, linked);
  assert.equal(link.code, 2);
  assert.match(link.stderr, /src\/shutdown\.ts is a symbolic link: submit the files themselves/);

  // A linked folder on the way reads files from outside the submission (here: the reference's).
  const linkedFolder = join(scratch, 'linked-folder');
  await mkdir(linkedFolder, { recursive: true });
  await symlink(join(labFolders(LAB).solution, 'src'), join(linkedFolder, 'src'));
  const folderLink = operable('check', LAB, linkedFolder);
  assert.equal(folderLink.code, 2);
  assert.match(folderLink.stderr, /operable: src is a symbolic link: submit the files themselves/);
});

test('a folder with none of the editable files warns that the starter is graded', async () => {
  const empty = join(scratch, 'empty');
  await mkdir(empty, { recursive: true });
  const { code, stderr } = operable('check', LAB, empty);
  assert.equal(code, 1);
  assert.match(stderr, /has none of this lab's editable files .* so the starter is graded/);
});

test('Ctrl-C stops the grader and every service it started, and removes their folders', async () => {
  const { spawn } = await import('node:child_process');
  const { readdir } = await import('node:fs/promises');
  const before = new Set((await readdir(tmpdir())).filter((name) => name.startsWith('operable-run-')));
  const child = spawn(process.execPath, [join(projectRoot, 'bin', 'operable.js'), 'check', LAB, `solutions/${LAB}`], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const { readFileSync, readlinkSync } = await import('node:fs');
  const cwdOf = (pid: string) => {
    try {
      return readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      return '';
    }
  };
  /** Whether `pid` descends from this grader (other gradings may run on the machine at the same time). */
  const descendsFromGrader = (pid: string) => {
    for (let current = pid, hops = 0; current && current !== '1' && hops < 20; hops++) {
      if (current === String(child.pid)) return true;
      try {
        const stat = readFileSync(`/proc/${current}/stat`, 'utf8');
        current = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]!;
      } catch {
        return false;
      }
    }
    return false;
  };
  // The grader's services: `node … src/server.ts` running in one of this run's temporary folders.
  const findServices = () =>
    spawnSync('pgrep', ['-f', 'src/server.ts'], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n')
      .filter((pid) => pid && cwdOf(pid).includes('operable-run-') && !before.has(cwdOf(pid).split('/').pop()!) && descendsFromGrader(pid));
  let servicePids: string[] = [];
  for (let waited = 0; waited < 10_000 && servicePids.length < 3; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    servicePids = findServices();
  }
  assert.ok(servicePids.length >= 3, `only ${servicePids.length} services were running when the grader was interrupted`);
  const ours = new Set(servicePids.map((pid) => cwdOf(pid).split('/').pop()));
  // As root, each service is in cgroups of its own, which outlive processes unless removed.
  const cgroupsOf = (pid: string) => {
    try {
      return [...readFileSync(`/proc/${pid}/cgroup`, 'utf8').matchAll(/^\d+:(memory|pids):\/(operable-[^/\n]+)$/gm)].map(([, controller, name]) => `/sys/fs/cgroup/${controller}/${name}`);
    } catch {
      return [];
    }
  };
  const groups = servicePids.flatMap(cgroupsOf);
  child.kill('SIGINT');
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.equal(code, 130);
  assert.match(stderr, /interrupted; stopping the services it started/);
  const left = (await readdir(tmpdir())).filter((name) => ours.has(name));
  assert.deepEqual(left, [], 'temporary folders were left behind');
  const { existsSync } = await import('node:fs');
  assert.deepEqual(groups.filter((group) => existsSync(group)), [], 'cgroups were left behind');
  await new Promise((resolve) => setTimeout(resolve, 100));
  for (const pid of servicePids) {
    const stat = spawnSync('ps', ['-o', 'stat=', '-p', pid], { encoding: 'utf8' }).stdout.trim();
    assert.ok(stat === '' || stat.startsWith('Z'), `service process ${pid} survived (${stat})`);
  }
});
