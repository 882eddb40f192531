// sample: sections "Stop accepting" / "Let in-flight requests finish" — a first attempt, refined later in the lesson
import type { Server } from 'node:http';
import type { Logger } from './log.ts';

export function closeOnSignal(server: Server, log: Logger): void {
  function stop(signal: NodeJS.Signals): void {
    log.info('shutdown started', { signal });
    // Closes the listening socket now, and idle keep-alive sockets with it.
    // The callback runs once the last open connection has closed.
    server.close(() => {
      log.info('shutdown complete');
      process.exit(0);
    });
  }
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
