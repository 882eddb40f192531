import type { Server } from 'node:http';
import type { Logger } from './log.ts';

export interface ShutdownOptions {
  timeoutMs: number;
  log: Logger;
}

// Mistake: server.close() alone. A keep-alive socket busy at SIGTERM stays open after its response
// (until the keep-alive timeout), a silent socket forever, and nothing bounds the wait.
export function installGracefulShutdown(server: Server, { log }: ShutdownOptions): void {
  const stop = (signal: NodeJS.Signals) => {
    log.info('shutdown started', { signal });
    server.close(() => {
      log.info('shutdown complete');
      process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
