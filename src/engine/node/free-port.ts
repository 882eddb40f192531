/**
 * @module
 * Finding a free TCP port on loopback for a service instance, and leasing it until the check ends:
 * between finding a port and the service binding it lies the service's start-up (a second or so), and
 * without the lease the OS may hand the same free port to the next check's service. Two services told
 * the same port: one dies of EADDRINUSE while its check's readiness probe is answered by the other,
 * and the checks then judge each other's traffic (seen once in CI, lab 05 on Node 20).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfrastructureError } from '../check.ts';
import { processAlive } from './process-tree.ts';

/** Where to look when the host does not say which port `listen(0)` chose. */
const FALLBACK_RANGE = { first: 20_000, size: 20_000 };
const FALLBACK_ATTEMPTS = 20;

/** Binds `port` (0: any) on `host`, reads the port bound, releases it. 0 when the host reports none. */
export type PortBinder = (host: string, port: number) => Promise<number>;

const bindAndRelease: PortBinder = (host, port) =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(port, host, () => {
      const address = probe.address();
      const bound = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(bound));
    });
  });

/**
 * Asks the OS for a free port on `host` (bind to port 0, read it, release it). A host that does not
 * report a real port for `listen(0)` (suspected of WebContainers' emulated network) gets random
 * ports of a high range tried one by one instead.
 */
export async function findFreePort(host = '127.0.0.1', bind: PortBinder = bindAndRelease): Promise<number> {
  let lastError: Error | undefined;
  try {
    const port = await bind(host, 0);
    if (port > 0) return port;
  } catch (error) {
    lastError = error as Error;
  }
  for (let attempt = 0; attempt < FALLBACK_ATTEMPTS; attempt++) {
    const candidate = FALLBACK_RANGE.first + Math.floor(Math.random() * FALLBACK_RANGE.size);
    try {
      if ((await bind(host, candidate)) === candidate) return candidate;
    } catch (error) {
      lastError = error as Error; // taken: try another
    }
  }
  throw new InfrastructureError(`No free TCP port on ${host}${lastError ? `: ${lastError.message}` : ': the host reports no port for listen(0) and every port tried was taken'}`, {
    cause: lastError,
  });
}

/** Ports handed to services of this process that are still in use (by any host: a port is one number). */
const leasedPorts = new Set<number>();

/**
 * Leases are also files, one per port holding its leaser's pid, so that graders on one machine (a
 * cohort's grading processes, two `operable check`s, labs graded side by side) never hand out the same
 * port either: the OS's free port is free to every process alike (seen in CI: lab 04's readiness
 * answered by another lab's service).
 */
const LEASE_FOLDER = join(tmpdir(), 'operable-port-leases');
const leaseFile = (port: number) => join(LEASE_FOLDER, String(port));

/** Whether the process named in a lease file is alive; a file still being written counts as alive. */
function holderAlive(file: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(file, 'utf8'));
  } catch {
    return false; // released meanwhile
  }
  return !pid || processAlive(pid);
}

/** Takes the machine-wide lease on `port`; false when another live grader holds it. A lease left by a grader killed outright is taken over. */
function claimAcrossProcesses(port: number): boolean {
  const file = leaseFile(port);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      mkdirSync(LEASE_FOLDER, { recursive: true });
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      // No shared folder to lease in (a read-only /tmp): this process's own leases still hold.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return true;
      if (holderAlive(file)) return false;
      rmSync(file, { force: true });
    }
  }
  return false;
}

function releaseAcrossProcesses(port: number): void {
  const file = leaseFile(port);
  try {
    if (readFileSync(file, 'utf8') === String(process.pid)) rmSync(file, { force: true });
  } catch {
    // already gone
  }
}

// A grader that exits with services still starting gives their ports back ('exit' handlers are synchronous).
process.once('exit', () => {
  for (const port of leasedPorts) releaseAcrossProcesses(port);
});

export interface PortLease {
  readonly port: number;
  /** Gives the port back; the service that held it is gone. */
  release(): void;
}

/** A free port no other live service of this process was given, held until `release()`. */
export async function leaseFreePort(host = '127.0.0.1', bind: PortBinder = bindAndRelease): Promise<PortLease> {
  for (let attempt = 0; attempt < FALLBACK_ATTEMPTS; attempt++) {
    const port = await findFreePort(host, bind);
    // Free only because its service has not bound it yet, here or in another grader.
    if (leasedPorts.has(port) || !claimAcrossProcesses(port)) continue;
    leasedPorts.add(port);
    return {
      port,
      release: () => {
        if (leasedPorts.delete(port)) releaseAcrossProcesses(port);
      },
    };
  }
  throw new InfrastructureError(`No free TCP port on ${host}: every port found free is leased to a service (of this grader or another) that is still starting`);
}

/** Whether `port` is leased to a service that may not have bound it yet: a listener of our own must not take it. */
export function isLeased(port: number): boolean {
  return leasedPorts.has(port) || holderAlive(leaseFile(port));
}
