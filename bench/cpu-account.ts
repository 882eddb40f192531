/**
 * @module
 * CPU seconds used by the bench and every process it starts, for "CPU seconds per graded submission".
 *
 * /proc's cutime counts only children that were waited for. A sandboxed service is not: when its
 * sandbox ends, the kernel kills what is left in its PID namespace and nobody's cutime gets the time.
 * A cgroup v1 `cpuacct` group counts every process in it, and children stay in their parent's group
 * (the sandbox moves services into memory and pids groups only, other hierarchies), so where this
 * process can make one (root, cgroup v1), that is the measure; otherwise /proc's, which undercounts.
 */
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CPUACCT_ROOT = '/sys/fs/cgroup/cpuacct';
/** Clock ticks a second, for /proc's CPU times (100 on Linux). */
const TICKS = 100;

export interface CpuAccount {
  /** Where the numbers come from: a cgroup counts everything, /proc misses reaped-by-nobody processes. */
  readonly source: 'cgroup cpuacct' | '/proc (undercounts sandboxed services)';
  /** CPU seconds used so far. */
  seconds(): number;
  /** Puts this process back where it was and removes the group. */
  close(): void;
}

/** CPU seconds of this process and its children that have ended and were waited for. */
function procSeconds(): number {
  const own = process.cpuUsage();
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of stat (cutime, cstime) are the 14th and 15th after the command.
  return (own.user + own.system) / 1e6 + (Number(fields[13]) + Number(fields[14])) / TICKS;
}

export function openCpuAccount(): CpuAccount {
  const group = join(CPUACCT_ROOT, `operable-bench-${process.pid}`);
  try {
    mkdirSync(group);
    writeFileSync(join(group, 'cgroup.procs'), String(process.pid));
  } catch {
    try {
      rmdirSync(group);
    } catch {
      // never made
    }
    return { source: '/proc (undercounts sandboxed services)', seconds: procSeconds, close: () => {} };
  }
  return {
    source: 'cgroup cpuacct',
    seconds: () => Number(readFileSync(join(group, 'cpuacct.usage'), 'utf8')) / 1e9,
    close: () => {
      writeFileSync(join(CPUACCT_ROOT, 'cgroup.procs'), String(process.pid));
      try {
        rmdirSync(group);
      } catch {
        // a process of ours still in it (it goes when that process does); the group is empty then
      }
    },
  };
}
