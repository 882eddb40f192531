import type { Server } from 'node:http';
import type { Logger } from './log.ts';

export interface ShutdownOptions {
  timeoutMs: number;
  log: Logger;
}

// Mistake: "clean" exit code, but every request in flight is cut off.
export function installGracefulShutdown(server: Server, { log }: ShutdownOptions): void {
  void server;
  const stop = (signal: NodeJS.Signals) => {
    log.info('stopping', { signal });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
