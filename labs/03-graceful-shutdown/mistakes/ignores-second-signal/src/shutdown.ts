// Mistake: a repeated signal is ignored; the operator has to wait for the whole drain or reach for SIGKILL.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from './log.ts';

export interface ShutdownOptions {
  /** How long draining may take before the remaining connections are destroyed and the process exits 1. */
  timeoutMs: number;
  log: Logger;
}

export function installGracefulShutdown(server: Server, { timeoutMs, log }: ShutdownOptions): void {
  const responsesInFlight = new Set<ServerResponse>();
  // Sockets that have not sent a complete request yet. Node counts them neither idle nor busy, so
  // server.close() leaves them open; we close them ourselves when draining starts.
  const socketsWithoutRequest = new Set<Socket>();
  let draining = false;

  server.on('connection', (socket: Socket) => {
    socketsWithoutRequest.add(socket);
    socket.once('close', () => socketsWithoutRequest.delete(socket));
  });

  // Before serve()'s own listener: Hono answers a quick route inside it, so a listener added after it
  // would find the headers of a request that arrived during the drain already sent.
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    socketsWithoutRequest.delete(req.socket);
    responsesInFlight.add(res);
    // A client may keep its connection for another request; while draining, tell it not to.
    if (draining && !res.headersSent) res.setHeader('Connection', 'close');
    res.once('close', () => responsesInFlight.delete(res));
  });

  function drain(signal: NodeJS.Signals): void {
    if (draining) {
      log.warn('already shutting down', { signal });
      return;
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
    for (const socket of socketsWithoutRequest) socket.destroy();

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
