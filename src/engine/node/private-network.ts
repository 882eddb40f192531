/**
 * @module
 * One network namespace per graded submission: the grader re-runs itself inside a fresh one (only a
 * loopback interface), so the services it starts and the fakes its checks run reach each other and
 * nothing else. No other grader's service can take a port of this one or send its fakes a request,
 * and a submission cannot connect out. Needs the sandbox and root (bubblewrap makes the namespace
 * without a user namespace, so the grader keeps its real user for the per-service sandbox).
 */
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { sandboxChildPid, sandboxSupport } from './sandbox.ts';

/** Set in the re-run grader: it is inside its own namespace already. */
const INSIDE = 'OPERABLE_PRIVATE_NETWORK';

/** Whether this grader can, and should, re-run itself in a private network namespace. */
export function privateNetworkAvailable(): boolean {
  const support = sandboxSupport();
  return support.available && support.asRoot && process.env[INSIDE] !== '1';
}

/** Whether this process runs in a private network namespace made for it. */
export function inPrivateNetwork(): boolean {
  return process.env[INSIDE] === '1';
}

/**
 * Runs this same program (`process.argv`) again in a private network namespace and resolves with its
 * exit code. bubblewrap runs in a process group of its own, so a Ctrl-C at the terminal reaches only
 * this process, which passes it to the inner grader: that one stops its services and removes its
 * folders itself (bubblewrap, signalled, would only kill it). If this process is killed outright,
 * `--die-with-parent` takes the inner grader, and the sandboxes of its services, with it.
 */
export function rerunInPrivateNetwork(): Promise<number> {
  const support = sandboxSupport();
  if (!support.available) throw new Error('rerunInPrivateNetwork needs the sandbox');
  const args = ['--dev-bind', '/', '/', '--unshare-net', '--die-with-parent', '--json-status-fd', '3', '--', process.execPath, ...process.execArgv, ...process.argv.slice(1)];
  const child = spawn(support.bwrap, args, { stdio: ['inherit', 'inherit', 'inherit', 'pipe'], detached: true, env: { ...process.env, [INSIDE]: '1' } });
  const innerPid = sandboxChildPid(child.stdio[3] as Readable);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void innerPid.then((pid) => pid && process.kill(pid, signal)));
  }
  return new Promise((resolve) => {
    child.once('error', () => resolve(2));
    child.once('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 1)));
  });
}
