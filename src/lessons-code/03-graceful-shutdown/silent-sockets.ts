// sample: section "The drain deadline" — optional building block for sockets that never send a request
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

/** Remembers connections that have not sent a request yet, so they can be closed when draining starts. */
export function trackSilentSockets(server: Server): { destroyAll(): number } {
  const silent = new Set<Socket>();

  server.on('connection', (socket: Socket) => {
    silent.add(socket);
    socket.once('close', () => silent.delete(socket));
  });
  // From its first request on, Node counts the socket as busy or idle and handles it.
  server.on('request', (req: IncomingMessage) => silent.delete(req.socket));

  return {
    destroyAll() {
      const count = silent.size;
      for (const socket of silent) socket.destroy();
      return count;
    },
  };
}
