// sample: section "Dependency checks need timeouts" — the experiment; run it with node, add --no-signal to wait it out
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

// A "database" that accepts connections, reads the request and never answers: the hang, not the crash.
const server = createServer((socket) => socket.resume()).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ping`;

const withSignal = !process.argv.includes('--no-signal');
const started = performance.now();
try {
  await fetch(url, withSignal ? { signal: AbortSignal.timeout(500) } : {});
} catch (error) {
  const { name, message, cause } = error as Error & { cause?: Error & { code?: string } };
  const elapsed = Math.round(performance.now() - started);
  console.log({ elapsedMs: elapsed, name, message, cause: cause && `${cause.name} (${cause.code})` });
}
server.close();
