/**
 * @module
 * A memory and a pids cgroup (v1) for each sandboxed service, where the grader runs as root: its limits
 * count only that service's processes, and whatever escaped its process group and namespace (a double
 * fork, setsid) is still found there and killed.
 *
 * A cgroup outlives the process that made it, and the hierarchy is the machine's (a container shares
 * its host's), so every group is named with a prefix no other grader has (its pid and a random part:
 * pids repeat from one container to the next), and none is left behind: a group goes when its service is
 * killed; those still there when the grader exits go in its 'exit' handler; and those of a grader that
 * was killed outright (SIGKILL, a CI timeout) go when the next grader starts, once empty and old.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX_LIMITS } from './sandbox-limits.ts';

/** cgroup v1 hierarchies this process may create groups in, by controller. */
export interface CgroupRoots {
  memory?: string;
  pids?: string;
}

/** Every group a grader makes starts with this. */
const GROUP_PREFIX = 'operable-';
/** The groups of this process start with this (and only those). */
export const OWN_GROUP_PREFIX = `${GROUP_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}-`;
/** An empty group of another grader this old is a leftover: a service's group is empty only for moments before it joins. */
export const STALE_GROUP_AGE_MS = 10 * 60_000;

const CONTROLLERS = ['memory', 'pids'] as const;

/** The hierarchies under `/sys/fs/cgroup` this process may create groups in (as root, on cgroup v1). */
export function writableCgroupRoots(base = '/sys/fs/cgroup'): CgroupRoots {
  const roots: CgroupRoots = {};
  for (const controller of CONTROLLERS) {
    const root = join(base, controller);
    const probe = join(root, `${OWN_GROUP_PREFIX}probe`);
    try {
      mkdirSync(probe);
      rmdirSync(probe);
      roots[controller] = root;
    } catch {
      // not here, or not ours to write
    }
  }
  return roots;
}

/**
 * Removes the groups other graders left: empty (the kernel refuses to remove one with processes in it)
 * and older than `olderThanMs`. Returns how many went.
 */
export function removeStaleGroups(roots: CgroupRoots, options: { olderThanMs?: number; now?: number } = {}): number {
  const deadline = (options.now ?? Date.now()) - (options.olderThanMs ?? STALE_GROUP_AGE_MS);
  let removed = 0;
  for (const root of Object.values(roots)) {
    let names: string[];
    try {
      names = readdirSync(root);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.startsWith(GROUP_PREFIX) || name.startsWith(OWN_GROUP_PREFIX)) continue;
      const folder = join(root, name);
      try {
        if (statSync(folder).mtimeMs > deadline) continue;
        rmdirSync(folder);
        removed++;
      } catch {
        // in use (EBUSY), or another grader removed it first
      }
    }
  }
  return removed;
}

/** The groups of this process not yet removed: the 'exit' handler removes them. */
const living = new Set<ServiceCgroup>();

/** A memory and pids cgroup for one service: limits, and a way to kill what escaped everything else. */
export class ServiceCgroup {
  readonly name: string;
  private readonly folders: string[] = [];

  /** `id` tells this process's groups apart (the service's user id). */
  constructor(roots: CgroupRoots, id: number | string) {
    this.name = `${OWN_GROUP_PREFIX}${id}`;
    const made: [string | undefined, string, string][] = [
      [roots.memory, 'memory.limit_in_bytes', String(SANDBOX_LIMITS.memoryBytes)],
      [roots.pids, 'pids.max', String(SANDBOX_LIMITS.tasks)],
    ];
    for (const [root, file, value] of made) {
      if (!root) continue;
      const folder = join(root, this.name);
      try {
        mkdirSync(folder);
        this.folders.push(folder);
        writeFileSync(join(folder, file), value);
      } catch {
        // this limit stays unset; the others still apply
      }
    }
    if (this.folders.length) living.add(this);
  }

  /** The `cgroup.procs` files a process writes its pid into to join. */
  get procsFiles(): string[] {
    return this.folders.map((folder) => join(folder, 'cgroup.procs'));
  }

  /** SIGKILLs every process still in the group (one that left its process group and namespace included). */
  killAll(): void {
    for (const folder of this.folders) killAllIn(folder);
  }

  /** Removes the group once empty; tries for a moment while its last processes are reaped. */
  async remove(): Promise<void> {
    for (const folder of [...this.folders]) {
      for (let attempt = 0; attempt < 50 && !removeOrKill(folder); attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
      this.forget(folder);
    }
  }

  /** `remove`, for an 'exit' handler, where nothing asynchronous runs: it waits by blocking. */
  removeNow(): void {
    const blocker = new Int32Array(new SharedArrayBuffer(4));
    for (const folder of [...this.folders]) {
      for (let attempt = 0; attempt < 50 && !removeOrKill(folder); attempt++) Atomics.wait(blocker, 0, 0, 10);
      this.forget(folder);
    }
  }

  /** Done with `folder` (removed, or past trying: a later grader's sweep takes it); the exit handler still sees the rest. */
  private forget(folder: string): void {
    this.folders.splice(this.folders.indexOf(folder), 1);
    if (this.folders.length === 0) living.delete(this);
  }
}

/** Removes an empty group; one with processes left has them SIGKILLed instead, to try again. */
function removeOrKill(folder: string): boolean {
  if (!existsSync(folder)) return true;
  try {
    rmdirSync(folder);
    return true;
  } catch {
    killAllIn(folder);
    return false;
  }
}

function killAllIn(folder: string): void {
  let pids: string[];
  try {
    pids = readFileSync(join(folder, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean);
  } catch {
    return; // the group is gone
  }
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone
    }
  }
}

// A grader that exits (Ctrl-C, process.exit) while services run: their process groups are killed by
// process-tree.ts; what escaped those is killed here, and the groups go with it.
process.once('exit', () => {
  for (const group of [...living]) group.killAll();
  for (const group of [...living]) group.removeNow();
});
