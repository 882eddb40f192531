/**
 * @module
 * Finding a free TCP port on loopback for a service instance.
 */
import { createServer } from 'node:net';
import { InfrastructureError } from '../check.ts';

/** Where to look when the host does not say which port `listen(0)` chose. */
const FALLBACK_RANGE = { first: 20_000, size: 20_000 };
const FALLBACK_ATTEMPTS = 20;

/** Binds `port` (0: any) on `host`, reads the port bound, releases it. 0 when the host reports none. */
export type PortBinder = (host: string, port: number) => Promise<number>;

const bindAndRelease: PortBinder = (host, port) =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(port, host, () => {
      const address = probe.address();
      const bound = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(bound));
    });
  });

/**
 * Asks the OS for a free port on `host` (bind to port 0, read it, release it). A host that does not
 * report a real port for `listen(0)` (suspected of WebContainers' emulated network) gets random
 * ports of a high range tried one by one instead.
 */
export async function findFreePort(host = '127.0.0.1', bind: PortBinder = bindAndRelease): Promise<number> {
  let lastError: Error | undefined;
  try {
    const port = await bind(host, 0);
    if (port > 0) return port;
  } catch (error) {
    lastError = error as Error;
  }
  for (let attempt = 0; attempt < FALLBACK_ATTEMPTS; attempt++) {
    const candidate = FALLBACK_RANGE.first + Math.floor(Math.random() * FALLBACK_RANGE.size);
    try {
      if ((await bind(host, candidate)) === candidate) return candidate;
    } catch (error) {
      lastError = error as Error; // taken: try another
    }
  }
  throw new InfrastructureError(`No free TCP port on ${host}${lastError ? `: ${lastError.message}` : ': the host reports no port for listen(0) and every port tried was taken'}`, {
    cause: lastError,
  });
}
