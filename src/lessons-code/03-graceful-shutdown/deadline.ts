// sample: section "The drain deadline" — the timer on its own
import type { Server } from 'node:http';
import type { Logger } from './log.ts';

export function startDrainDeadline(server: Server, timeoutMs: number, log: Logger): NodeJS.Timeout {
  const timer = setTimeout(() => {
    log.error('shutdown deadline passed: closing remaining connections', { timeoutMs });
    server.closeAllConnections(); // the clients still waiting see their connection reset
    process.exit(1); // not 0: requests were cut off, and the exit code should say so
  }, timeoutMs);
  // Without unref() this timer alone keeps a drained process alive until it fires.
  timer.unref();
  return timer;
}
