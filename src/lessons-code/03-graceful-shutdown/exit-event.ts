// sample: section "Signals" — 'exit' and 'beforeExit' are not signal handlers
import type { Server } from 'node:http';
import type { Logger } from './log.ts';

// Neither listener runs when SIGTERM arrives: with no SIGTERM listener, the
// signal's default action ends the process before Node can emit anything.
export function cleanUpOnExit(server: Server, log: Logger): void {
  process.on('beforeExit', () => server.close());
  process.on('exit', (code) => log.info('exiting', { code }));
}
