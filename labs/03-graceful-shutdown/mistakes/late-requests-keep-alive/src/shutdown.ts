// Mistake: only responses in flight at the signal get Connection: close; a request that arrives during the drain keeps its connection.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from './log.ts';

export interface ShutdownOptions {
  /** How long draining may take before the remaining connections are destroyed and the process exits 1. */
  timeoutMs: number;
  log: Logger;
}

export function installGracefulShutdown(server: Server, { timeoutMs, log }: ShutdownOptions): void {
  const responsesInFlight = new Set<ServerResponse>();
  let draining = false;

  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    responsesInFlight.add(res);
    res.once('close', () => responsesInFlight.delete(res));
  });

  function drain(signal: NodeJS.Signals): void {
    if (draining) {
      log.warn('second signal: exiting without waiting', { signal, inFlight: responsesInFlight.size });
      process.exit(1);
    }
    draining = true;
    log.info('shutdown started', { signal, inFlight: responsesInFlight.size, timeoutMs });

    // Responses still being computed will close their connection when they are sent.
    for (const res of responsesInFlight) {
      if (!res.headersSent) res.setHeader('Connection', 'close');
    }

    // Stops accepting connections and closes idle keep-alive sockets; the callback runs once every
    // connection has closed.
    server.close(() => {
      log.info('shutdown complete');
      process.exit(0);
    });

    // unref(): the deadline must not itself keep a drained process alive.
    setTimeout(() => {
      log.error('shutdown deadline passed: closing remaining connections', {
        timeoutMs,
        inFlight: responsesInFlight.size,
      });
      server.closeAllConnections();
      process.exit(1);
    }, timeoutMs).unref();
  }

  process.on('SIGTERM', drain);
  process.on('SIGINT', drain);
}
