import type { Server } from 'node:http';
import type { Logger } from './log.ts';

export interface ShutdownOptions {
  timeoutMs: number;
  log: Logger;
}

// Mistake: 'exit' and 'beforeExit' are not signals. With no SIGTERM listener, Node's default action
// kills the process at once, and these handlers never run.
export function installGracefulShutdown(server: Server, { log }: ShutdownOptions): void {
  process.on('beforeExit', () => server.close());
  process.on('exit', (code) => log.info('exiting', { code }));
}
