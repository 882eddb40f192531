/**
 * The services' cgroups outlive processes, so none may be left: a leftover of another run once failed
 * CI (a container's pids repeat, and so did a group's name). Real cgroups where the machine lets this
 * process make them (root, cgroup v1); the sweep's rules also on plain folders.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, utimesSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { OWN_GROUP_PREFIX, removeStaleGroups, STALE_GROUP_AGE_MS, ServiceCgroup, writableCgroupRoots } from '../../src/engine/node/service-cgroup.ts';

const roots = writableCgroupRoots();
const noCgroups = roots.memory && roots.pids ? false : 'this process cannot create cgroups here (root on cgroup v1 can)';

test('group names are this process’s own: its pid and a random part, as pids repeat across containers', () => {
  assert.match(OWN_GROUP_PREFIX, new RegExp(`^operable-${process.pid}-[0-9a-f]{8}-$`));
  assert.equal(new ServiceCgroup({}, 7).name, `${OWN_GROUP_PREFIX}7`);
});

test('the sweep removes other graders’ empty groups once old, and nothing else', async () => {
  const root = await mkdtemp(join(tmpdir(), 'operable-cgroup-sweep-'));
  try {
    const old = (Date.now() - STALE_GROUP_AGE_MS - 60_000) / 1000;
    const make = (name: string, options: { old?: boolean; busy?: boolean } = {}) => {
      mkdirSync(join(root, name));
      if (options.busy) mkdirSync(join(root, name, 'child')); // a folder that cannot be removed, as a group with processes
      if (options.old) utimesSync(join(root, name), old, old);
    };
    make('operable-567-1a2b3c4d-900002', { old: true });
    make('operable-567-900003', { old: true }); // a name from before the random part
    make('operable-568-00ff00ff-900001'); // young: its grader may be about to join it
    make('operable-569-0a0a0a0a-900001', { old: true, busy: true });
    make(`${OWN_GROUP_PREFIX}1`, { old: true }); // this process's own: it removes them itself
    make('system.slice', { old: true });
    assert.equal(removeStaleGroups({ memory: root }), 2);
    assert.deepEqual(readdirSync(root).sort(), [`${OWN_GROUP_PREFIX}1`, 'operable-568-00ff00ff-900001', 'operable-569-0a0a0a0a-900001', 'system.slice'].sort());
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('a real group: limits set, a process in it killed, the group removed', { skip: noCgroups }, async () => {
  const group = new ServiceCgroup(roots, 'unit-test');
  const folders = [join(roots.memory!, group.name), join(roots.pids!, group.name)];
  assert.ok(folders.every((folder) => existsSync(folder)));
  const sleeper = spawn('/bin/sh', ['-c', 'for file in $1; do echo $$ > "$file"; done; exec sleep 60', 'sh', group.procsFiles.join(' ')], { stdio: 'ignore' });
  const exited = new Promise((resolve) => sleeper.once('exit', (_code, signal) => resolve(signal)));
  await new Promise((resolve) => setTimeout(resolve, 200));
  group.killAll();
  assert.equal(await exited, 'SIGKILL');
  await group.remove();
  assert.deepEqual(folders.filter((folder) => existsSync(folder)), []);
});

test('a grader that exits with a service still running leaves no group behind', { skip: noCgroups }, () => {
  // The child makes a group, puts a sleeping process in it, and exits at once.
  const script = `
    import { spawn } from 'node:child_process';
    import { ServiceCgroup, writableCgroupRoots } from ${JSON.stringify(new URL('../../src/engine/node/service-cgroup.ts', import.meta.url).href)};
    const group = new ServiceCgroup(writableCgroupRoots(), 'exit-test');
    const sleeper = spawn('/bin/sh', ['-c', 'for file in $1; do echo $$ > "$file"; done; exec sleep 60', 'sh', group.procsFiles.join(' ')], { stdio: 'ignore', detached: true });
    sleeper.unref();
    setTimeout(() => { console.log(JSON.stringify({ name: group.name, pid: sleeper.pid })); process.exit(0); }, 200);
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(run.status, 0, run.stderr);
  const { name, pid } = JSON.parse(run.stdout) as { name: string; pid: number };
  assert.equal(existsSync(join(roots.memory!, name)) || existsSync(join(roots.pids!, name)), false, 'the group is removed');
  const state = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
  assert.ok(state === '' || state.startsWith('Z'), `the process in it is killed (state ${state})`);
});

test('the sweep removes a real leftover group', { skip: noCgroups }, () => {
  const name = 'operable-1-00000000-sweep-test';
  for (const root of [roots.memory!, roots.pids!]) {
    mkdirSync(join(root, name));
    const old = (Date.now() - STALE_GROUP_AGE_MS - 60_000) / 1000;
    utimesSync(join(root, name), old, old);
  }
  removeStaleGroups(roots);
  assert.equal(existsSync(join(roots.memory!, name)) || existsSync(join(roots.pids!, name)), false);
});
