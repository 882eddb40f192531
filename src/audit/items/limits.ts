/**
 * @module
 * A body-size limit at the edge: a body larger than any route takes is refused with 413 from its
 * Content-Length, before the service reads (and buffers) it. Sent over a raw connection with
 * `Expect: 100-continue`, as curl sends large bodies: a server that refuses early answers before any of
 * the body goes out (one that closes on a body still arriving resets the connection, and the reset can
 * destroy the answer on its way in).
 */
import { fail } from '../../engine/check.ts';
import type { RawSocket } from '../../engine/harness.ts';
import { defineItem, LESSONS } from '../item.ts';

const OVERSIZED_BYTES = 10 * 1024 * 1024;
/** How long to wait for an answer to the headers before sending the body anyway. */
const CONTINUE_WAIT_MS = 1000;
const CHUNK = '0'.repeat(64 * 1024);

/** Sends `bytes` of body a chunk at a time, yielding between chunks, until done or `stop()` is true. */
async function streamBody(socket: RawSocket, bytes: number, stop: () => boolean): Promise<void> {
  for (let left = bytes; left > 0 && !stop(); left -= CHUNK.length) {
    socket.write(left >= CHUNK.length ? CHUNK : CHUNK.slice(0, left));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

export const bodyLimit = defineItem({
  id: 'limits.body-too-large',
  title: 'A 10 MiB body is refused with 413 before the service reads it',
  teachesIt: { ...LESSONS.checklist, section: 'limits' },
  timeoutMs: 15_000,
  async run({ client, paths, step, measure }) {
    step(`POST ${paths.route} with a 10 MiB body`);
    const socket = await client.openRawConnection();
    const started = performance.now();
    try {
      const { base, hostname, port } = client.target;
      const prefix = base.replace(/^https?:\/\/[^/]+/, ''); // a base URL with a path: /api
      socket.write(`POST ${prefix}${paths.route} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUser-Agent: operable-audit\r\nContent-Type: application/json\r\nContent-Length: ${OVERSIZED_BYTES}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`);
      const finalStatus = () => /^HTTP\/1\.[01] [2-5]\d\d/m.test(socket.received());
      for (let waited = 0; waited < CONTINUE_WAIT_MS && !socket.closed && !finalStatus(); waited += 25) await new Promise((resolve) => setTimeout(resolve, 25));
      if (!finalStatus()) await streamBody(socket, OVERSIZED_BYTES, () => socket.closed || finalStatus());
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([socket.whenClosed(), new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
      clearTimeout(timer);
    } finally {
      socket.destroy();
    }
    const received = socket.received();
    const status = Number(/^HTTP\/1\.[01] ([2-5]\d\d)/m.exec(received)?.[1]);
    measure('answeredAfterMs', Math.round(performance.now() - started));
    if (status !== 413) {
      const observed = Number.isNaN(status) ? (received ? `an answer that is not HTTP: ${JSON.stringify(received.slice(0, 60))}` : 'no answer (the connection closed or timed out)') : `HTTP ${status} after ${Math.round(performance.now() - started)} ms`;
      fail(`POST ${paths.route} with Content-Length ${OVERSIZED_BYTES} to answer 413 Content Too Large (a body limit in front of every route)`, observed);
    }
  },
});
