/**
 * @module
 * The server stops the way lab 03 teaches: on SIGTERM or SIGINT it stops accepting connections, ends
 * its long-lived streams and lab services, lets requests in flight finish with `Connection: close`,
 * exits 0 once drained, exits 1 past a deadline, and exits at once on a second signal.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { log as Log } from './log.ts';

export interface ShutdownOptions {
  timeoutMs: number;
  log: typeof Log;
  /** Runs first: end streams and child processes that would otherwise hold connections open. */
  beforeDrain(): Promise<void>;
}

export function installGracefulShutdown(server: Server, { timeoutMs, log, beforeDrain }: ShutdownOptions): void {
  const responsesInFlight = new Set<ServerResponse>();
  const socketsWithoutRequest = new Set<Socket>();
  let draining = false;

  server.on('connection', (socket: Socket) => {
    socketsWithoutRequest.add(socket);
    socket.once('close', () => socketsWithoutRequest.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    socketsWithoutRequest.delete(req.socket);
    responsesInFlight.add(res);
    if (draining && !res.headersSent) res.setHeader('Connection', 'close');
    res.once('close', () => responsesInFlight.delete(res));
  });

  async function drain(signal: NodeJS.Signals): Promise<void> {
    if (draining) {
      log.warn('second signal: exiting now', { signal });
      process.exit(1);
    }
    draining = true;
    log.info('shutdown started', { signal, inFlight: responsesInFlight.size, timeoutMs });
    setTimeout(() => {
      log.error('shutdown deadline passed: closing remaining connections', { timeoutMs });
      server.closeAllConnections();
      process.exit(1);
    }, timeoutMs).unref();
    for (const res of responsesInFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of socketsWithoutRequest) socket.destroy();
    // Exit once both are done: with no request in flight the server closes at once, and exiting then
    // would cut short the stopping of lab services (their folders and cgroups are removed asynchronously).
    try {
      await Promise.all([beforeDrain(), closed]);
    } catch (error) {
      log.error('shutdown failed', { error: (error as Error).message });
      process.exit(1);
    }
    log.info('shutdown complete');
    process.exit(0);
  }

  process.on('SIGTERM', (signal) => void drain(signal));
  process.on('SIGINT', (signal) => void drain(signal));
}
