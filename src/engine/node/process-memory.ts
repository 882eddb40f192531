/**
 * @module
 * How much memory a service holds, read from outside it: the resident memory of a process and of
 * every process below it (a sandbox's init, the service itself), as the operating system counts it.
 * On Linux, from /proc (anonymous resident memory: the heap, not the pages of the Node binary); on
 * other systems, from `ps`.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

interface ProcessEntry {
  pid: number;
  parent: number;
  /** Resident memory in bytes; on Linux only once asked for (reading every process's is wasted work). */
  bytes?: number;
}

/** Bytes of resident memory held by `pid` and its descendants, or undefined when the process is gone or unreadable. */
export async function residentMemoryOfTree(pid: number): Promise<number | undefined> {
  const table = process.platform === 'linux' ? await procTable() : await psTable();
  const tree = descendants(table, pid);
  if (!tree.length) return undefined;
  let total = 0;
  for (const entry of tree) {
    const bytes = entry.bytes ?? (await linuxResident(entry.pid));
    if (bytes !== undefined) total += bytes;
  }
  return total;
}

function descendants(table: readonly ProcessEntry[], root: number): ProcessEntry[] {
  const found = table.filter((entry) => entry.pid === root);
  for (let index = 0; index < found.length; index++) {
    for (const entry of table) if (entry.parent === found[index]!.pid) found.push(entry);
  }
  return found;
}

async function procTable(): Promise<ProcessEntry[]> {
  const entries: ProcessEntry[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the fields start after the last ')'.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      entries.push({ pid: Number(name), parent });
    } catch {
      // exited while we looked
    }
  }
  return entries;
}

/** RssAnon (the heap and other private memory), or VmRSS where the kernel does not split it. */
async function linuxResident(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kilobytes = /^RssAnon:\s+(\d+) kB/m.exec(status)?.[1] ?? /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kilobytes === undefined ? undefined : Number(kilobytes) * 1024;
  } catch {
    return undefined;
  }
}

async function psTable(): Promise<ProcessEntry[]> {
  const { stdout } = await promisify(execFile)('ps', ['-A', '-o', 'pid=,ppid=,rss=']);
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter((fields) => fields.length === 3 && fields.every(Number.isFinite))
    .map(([pid, parent, kilobytes]) => ({ pid: pid!, parent: parent!, bytes: kilobytes! * 1024 }));
}
