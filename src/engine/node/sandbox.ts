/**
 * @module
 * The sandbox every learner service runs in on Linux: bubblewrap gives it its own PID, IPC and UTS
 * namespaces and a filesystem of its own (the system read-only, the project's node_modules and the
 * Node binary read-only, its run folder writable, a private size-capped /tmp, a /proc that shows only
 * its own processes), and ends everything in it when the grader goes (`--die-with-parent`). Run as
 * root, it also drops to a user of its own with process, file-size, open-file and CPU limits, and
 * joins a memory and pids cgroup where the machine lets it. dumb-init is its PID 1, so a signal sent
 * to it reaches the service's own handler (graceful shutdown is what lab 03 grades).
 *
 * Not isolated: the network (the service shares the grader's, so the grader can reach it on
 * loopback); where the grader itself runs in a private network namespace, so do its services.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, realpathSync } from 'node:fs';
import { chown, lchown, readdir } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { constants as osConstants } from 'node:os';
import type { Readable } from 'node:stream';
import { SANDBOX_LIMITS } from './sandbox-limits.ts';
import { removeStaleGroups, writableCgroupRoots, type CgroupRoots, type ServiceCgroup } from './service-cgroup.ts';

export { SANDBOX_LIMITS };

/** System folders a Node service needs, read-only (those that exist). */
const SYSTEM_FOLDERS = ['/usr', '/bin', '/lib', '/lib64', '/lib32', '/sbin'];
/** Single files of /etc a service may need to resolve `localhost` and its own user, read-only. */
const SYSTEM_FILES = ['/etc/hosts', '/etc/nsswitch.conf', '/etc/resolv.conf', '/etc/localtime'];

export type SandboxSupport =
  | { available: true; bwrap: string; dumbInit: string; asRoot: boolean; cgroups: CgroupRoots }
  | { available: false; reason: string };

function findExecutable(name: string): string | undefined {
  for (const folder of [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/bin', '/usr/local/bin']) {
    if (!folder) continue;
    const path = join(folder, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

let detected: SandboxSupport | undefined;

/** Whether services can be sandboxed here, and with what; found once per process. */
export function sandboxSupport(): SandboxSupport {
  if (detected) return detected;
  if (process.platform !== 'linux') {
    return (detected = { available: false, reason: `the sandbox uses Linux namespaces (bubblewrap); this is ${process.platform}` });
  }
  const bwrap = findExecutable('bwrap');
  const dumbInit = findExecutable('dumb-init');
  if (!bwrap || !dumbInit) {
    const missing = [bwrap ? '' : 'bubblewrap', dumbInit ? '' : 'dumb-init'].filter(Boolean).join(' and ');
    return (detected = { available: false, reason: `${missing} ${missing.includes(' and ') ? 'are' : 'is'} not installed (Debian/Ubuntu: sudo apt-get install -y bubblewrap dumb-init)` });
  }
  const asRoot = process.getuid?.() === 0;
  const trial = spawnSync(bwrap, [...(asRoot ? [] : ['--unshare-user']), '--unshare-pid', '--die-with-parent', '--ro-bind', '/', '/', '--size', '1048576', '--tmpfs', '/tmp', '--', dumbInit, 'true'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (trial.status !== 0) {
    return (detected = { available: false, reason: `bubblewrap cannot create namespaces here (${(trial.stderr || trial.error?.message || `exit ${trial.status}`).trim()})` });
  }
  const cgroups: CgroupRoots = asRoot ? writableCgroupRoots() : {};
  // Groups a grader killed outright could not remove (cgroups outlive processes); they go now.
  removeStaleGroups(cgroups);
  return (detected = { available: true, bwrap, dumbInit, asRoot, cgroups });
}

let nextUid = 0;

/** A user id of its own for each sandboxed service, so per-user limits count only its processes. */
export function serviceUid(): number {
  nextUid = (nextUid + 1) % 100_000;
  return 200_000 + ((process.pid % 8) * 100_000 + nextUid);
}

/** Gives `folder` and everything in it to `uid` (the sandbox's user writes its run folder). */
export async function giveTo(folder: string, uid: number): Promise<void> {
  await chown(folder, uid, uid);
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isSymbolicLink()) await lchown(path, uid, uid);
    else if (entry.isDirectory()) await giveTo(path, uid);
    else await chown(path, uid, uid);
  }
}

export interface SandboxSpec {
  /** The program and its arguments, as they would run without the sandbox. */
  command: string;
  args: readonly string[];
  /** The run folder: the only writable place, bound at the same path. */
  runFolder: string;
  /** Where the program starts (inside the run folder). */
  cwd: string;
  /** Folders and files the service may read (the project's node_modules, the Node binary). */
  readable: readonly string[];
  /** Root only: the user the service runs as. */
  uid?: number;
  cgroup?: ServiceCgroup;
}

/** The command line that runs `spec` in the sandbox. File descriptor 3 must be a pipe: bubblewrap writes its status there. */
export function sandboxCommand(support: Extract<SandboxSupport, { available: true }>, spec: SandboxSpec): { command: string; args: string[] } {
  const readOnly = [...SYSTEM_FOLDERS, ...SYSTEM_FILES].filter((path) => existsSync(path));
  const bwrapArgs = [
    '--die-with-parent',
    ...(spec.uid !== undefined || !support.asRoot ? ['--unshare-user'] : []),
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    ...readOnly.flatMap((path) => ['--ro-bind', path, path]),
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    // The private /tmp first: the binds below may lie under /tmp (a project cloned there, the run folder).
    '--size',
    String(SANDBOX_LIMITS.tmpBytes),
    '--tmpfs',
    '/tmp',
    // At the path the service knows (its node_modules link, the Node command), whatever links lead there.
    ...spec.readable.flatMap((path) => ['--ro-bind', realpathSync(path), path]),
    '--bind',
    spec.runFolder,
    spec.runFolder,
    '--chdir',
    spec.cwd,
    '--setenv',
    'TMPDIR',
    '/tmp',
    '--json-status-fd',
    '3',
    '--as-pid-1',
    '--',
    support.dumbInit,
    spec.command,
    ...spec.args,
  ];
  let command = support.bwrap;
  let args = bwrapArgs;
  if (spec.uid !== undefined) {
    const limits = [`--nproc=${SANDBOX_LIMITS.tasks}`, `--fsize=${SANDBOX_LIMITS.fileBytes}`, `--nofile=${SANDBOX_LIMITS.openFiles}`, `--cpu=${SANDBOX_LIMITS.cpuSeconds}`];
    args = [`--reuid=${spec.uid}`, `--regid=${spec.uid}`, '--clear-groups', 'prlimit', ...limits, command, ...args];
    command = 'setpriv';
  } else {
    args = [`--fsize=${SANDBOX_LIMITS.fileBytes}`, `--nofile=${SANDBOX_LIMITS.openFiles}`, `--cpu=${SANDBOX_LIMITS.cpuSeconds}`, command, ...args];
    command = 'prlimit';
  }
  const procsFiles = spec.cgroup?.procsFiles ?? [];
  if (procsFiles.length) {
    // Join the cgroups before anything of the service runs, while still root, then become it.
    args = ['-c', 'for file in $1; do echo $$ > "$file"; done; shift; exec "$@"', 'sh', procsFiles.join(' '), command, ...args];
    command = '/bin/sh';
  }
  return { command, args };
}

/** The host pid of the sandbox's PID 1 (dumb-init), from bubblewrap's status pipe; signals go to it. */
export function sandboxChildPid(status: Readable): Promise<number | undefined> {
  return new Promise((resolve) => {
    let text = '';
    status.setEncoding('utf8');
    status.on('data', (chunk: string) => {
      text += chunk;
      const match = /"child-pid"\s*:\s*(\d+)/.exec(text);
      if (match) resolve(Number(match[1]));
    });
    status.on('close', () => resolve(undefined));
    status.on('error', () => resolve(undefined));
  });
}

/**
 * A sandboxed service's exit as the service itself ended: dumb-init reports a death by signal N as
 * exit code 128 + N. (A service that calls process.exit(143) is read as SIGTERM: the price of PID 1.)
 */
export function unwrapExit(code: number | null, signal: NodeJS.Signals | null): { code: number | null; signal: NodeJS.Signals | null } {
  if (signal || code === null || code <= 128) return { code, signal };
  const name = (Object.entries(osConstants.signals) as [NodeJS.Signals, number][]).find(([, number]) => number === code - 128)?.[0];
  return name ? { code: null, signal: name } : { code, signal };
}
