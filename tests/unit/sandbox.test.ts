/**
 * The sandbox's command line and exit codes, without running it (the hostile-submission suite runs it).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { projectNodeModules } from '../../src/engine/node/project-paths.ts';
import { SANDBOX_LIMITS, sandboxCommand, unwrapExit } from '../../src/engine/node/sandbox.ts';

const support = { available: true as const, bwrap: '/usr/bin/bwrap', dumbInit: '/usr/bin/dumb-init', asRoot: true, cgroups: {} };
const spec = { command: process.execPath, args: ['--max-old-space-size=256', 'src/server.ts'], runFolder: '/tmp/operable-run-x', cwd: '/tmp/operable-run-x', readable: [projectNodeModules] };

test('dumb-init reports a death by signal as 128 + its number: read back as the signal', () => {
  assert.deepEqual(unwrapExit(143, null), { code: null, signal: 'SIGTERM' });
  assert.deepEqual(unwrapExit(137, null), { code: null, signal: 'SIGKILL' });
  assert.deepEqual(unwrapExit(0, null), { code: 0, signal: null });
  assert.deepEqual(unwrapExit(1, null), { code: 1, signal: null });
  assert.deepEqual(unwrapExit(null, 'SIGKILL'), { code: null, signal: 'SIGKILL' }, 'the sandbox itself killed');
});

test('as root with a user of its own: setpriv, then prlimit with every limit, then bubblewrap with the service under dumb-init', () => {
  const { command, args } = sandboxCommand(support, { ...spec, uid: 200_001 });
  assert.equal(command, 'setpriv');
  assert.deepEqual(args.slice(0, 4), ['--reuid=200001', '--regid=200001', '--clear-groups', 'prlimit']);
  for (const limit of [`--nproc=${SANDBOX_LIMITS.tasks}`, `--fsize=${SANDBOX_LIMITS.fileBytes}`, `--nofile=${SANDBOX_LIMITS.openFiles}`, `--cpu=${SANDBOX_LIMITS.cpuSeconds}`]) assert.ok(args.includes(limit), limit);
  const bwrap = args.indexOf('/usr/bin/bwrap');
  const rest = args.slice(bwrap);
  for (const flag of ['--die-with-parent', '--unshare-user', '--unshare-pid', '--unshare-ipc', '--as-pid-1']) assert.ok(rest.includes(flag), flag);
  assert.ok(!rest.includes('--unshare-net'), 'the network is the grader’s (private-network.ts isolates the grader itself)');
  const bind = rest.indexOf('--bind');
  assert.deepEqual(rest.slice(bind, bind + 3), ['--bind', spec.runFolder, spec.runFolder], 'only the run folder is writable');
  assert.ok(rest.join(' ').includes(`--ro-bind ${projectNodeModules} ${projectNodeModules}`));
  assert.deepEqual(rest.slice(rest.indexOf('--') + 1), ['/usr/bin/dumb-init', ...[spec.command, ...spec.args]]);
  // A project cloned under /tmp: the private /tmp must not hide its node_modules or the run folder.
  assert.ok(rest.indexOf('--tmpfs') < rest.indexOf(projectNodeModules), 'the private /tmp comes before the project binds');
  assert.ok(rest.indexOf('--tmpfs') < bind, 'and before the run folder');
});

test('a cgroup is joined first, while still root, before anything of the service runs', () => {
  const cgroup = { procsFiles: ['/sys/fs/cgroup/memory/x/cgroup.procs', '/sys/fs/cgroup/pids/x/cgroup.procs'] } as never;
  const { command, args } = sandboxCommand(support, { ...spec, uid: 200_002, cgroup });
  assert.equal(command, '/bin/sh');
  assert.equal(args[3], '/sys/fs/cgroup/memory/x/cgroup.procs /sys/fs/cgroup/pids/x/cgroup.procs');
  assert.equal(args[4], 'setpriv');
});

test('not root: bubblewrap in a user namespace, with the limits an ordinary user can set', () => {
  const { command, args } = sandboxCommand({ ...support, asRoot: false }, spec);
  assert.equal(command, 'prlimit');
  assert.ok(!args.some((arg) => arg.startsWith('--nproc')), 'a per-user process limit would count the user’s own programs');
  assert.ok(args.includes('--unshare-user'));
});
