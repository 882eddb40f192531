// sample: section "Connection: close while draining" — a building block, not the whole shutdown
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface ResponseTracker {
  /** Responses started and not yet finished. */
  readonly inFlight: number;
  /** From now on, every response not yet sent tells its client to close the connection. */
  closeConnectionsAfterResponse(): void;
}

export function trackResponses(server: Server): ResponseTracker {
  const responses = new Set<ServerResponse>();
  let closing = false;

  // prependListener, not on(): serve() registered its listener first, and Hono answers a quick route
  // inside it. A listener added after it would find those headers sent, and setHeader() would throw.
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    responses.add(res);
    // 'close' fires when the response is finished or its connection is gone.
    res.once('close', () => responses.delete(res));
    // A request arriving on an already-open keep-alive connection during the drain
    // is still answered, and its connection is closed after the answer.
    if (closing) res.setHeader('Connection', 'close');
  });

  return {
    get inFlight() {
      return responses.size;
    },
    closeConnectionsAfterResponse() {
      closing = true;
      for (const res of responses) {
        // Once the headers are out they cannot change; such a connection ends
        // through the keep-alive timeout or the drain deadline instead.
        if (!res.headersSent) res.setHeader('Connection', 'close');
      }
    },
  };
}
