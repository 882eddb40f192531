import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from './log.ts';

export interface ShutdownOptions {
  timeoutMs: number;
  log: Logger;
}

// Mistake: a fixed sleep before server.close(), "to let the load balancer notice". New connections
// keep being accepted, so clients keep arriving at an instance that is about to go away.
export function installGracefulShutdown(server: Server, { timeoutMs, log }: ShutdownOptions): void {
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  const stop = (signal: NodeJS.Signals) => {
    if (draining) process.exit(1);
    draining = true;
    log.info('shutdown requested; closing in 5 s', { signal });
    setTimeout(() => {
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      server.close(() => process.exit(0));
      setTimeout(() => {
        server.closeAllConnections();
        process.exit(1);
      }, timeoutMs).unref();
    }, 5000);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
