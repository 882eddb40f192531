/**
 * @module
 * Timeouts as a slow or stuck caller meets them. A client that sends half its headers and stops holds a
 * connection (and its memory) until the server gives up: Node gives up after `headersTimeout`, checked
 * every `connectionsCheckingInterval` (60 s and 30 s by default: up to 90 s). And a request whose
 * handler takes too long should end in a timeout answer, not hang the caller.
 */
import { fail } from '../../engine/check.ts';
import { defineItem, LESSONS, NotVerifiable } from '../item.ts';
import { answer, isResponse } from './describe.ts';

const teachesIt = { ...LESSONS.checklist, section: 'timeouts' };

/** How long a half-sent request may hold a connection: `headersTimeout` of 10 s plus Node's 30 s check interval. */
export const DEFAULT_SLOW_CLIENT_LIMIT_MS = 40_000;

export function slowClientDropped(limitMs = DEFAULT_SLOW_CLIENT_LIMIT_MS) {
  return defineItem({
    id: 'timeouts.slow-client-dropped',
    title: `A client that stops halfway through its headers is dropped within ${limitMs / 1000} s`,
    teachesIt,
    timeoutMs: limitMs + 5000,
    async run({ client, paths, step, measure }) {
      const socket = await client.openRawConnection();
      try {
        step(`sent half a request's headers, waiting up to ${limitMs / 1000} s for the service to drop the connection`);
        const started = performance.now();
        const { hostname, port } = client.target;
        socket.write(`GET ${paths.route} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUser-Agent: operable-audit\r\nX-Slow: `);
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([socket.whenClosed(), new Promise((resolve) => (timer = setTimeout(resolve, limitMs)))]);
        clearTimeout(timer);
        const heldMs = Math.round(performance.now() - started);
        measure('heldMs', heldMs);
        if (!socket.closed) {
          const received = socket.received();
          fail(
            `the service to close a connection whose request headers never finish within ${limitMs / 1000} s (server.headersTimeout, and requestTimeout, set well below Node's defaults)`,
            `the connection still open after ${heldMs} ms${received ? `, having sent ${JSON.stringify(received.slice(0, 80))}` : ''}`,
          );
        }
      } finally {
        socket.destroy();
      }
    },
  });
}

export const requestTimeout = defineItem({
  id: 'timeouts.request-timeout',
  title: 'A request that takes too long ends with a timeout answer (503 or 504), not a hung caller',
  teachesIt,
  timeoutMs: 65_000,
  async run({ client, paths, step, measure }) {
    if (!paths.slow) {
      throw new NotVerifiable('Only a route slower than the service\'s timeout shows it: pass --slow <path> (e.g. a test route that sleeps), or a reviewer reads the timeout middleware and the server\'s requestTimeout.');
    }
    step(`GET ${paths.slow}, waiting up to 60 s`);
    const outcome = await client.request(paths.slow, { timeoutMs: 60_000 });
    if (isResponse(outcome)) measure('answeredAfterMs', outcome.durationMs);
    if (!isResponse(outcome) || (outcome.status !== 503 && outcome.status !== 504)) {
      fail(`GET ${paths.slow} to end in 503 or 504 once the service's request timeout passes`, answer(outcome));
    }
  },
});
