/**
 * @module
 * Finding a free TCP port on loopback for a service instance.
 */
import { createServer } from 'node:net';
import { InfrastructureError } from '../check.ts';

/** Asks the OS for a free port on `host` (bind to port 0, read it, release it). */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', (error) =>
      reject(new InfrastructureError(`No free TCP port on ${host}: ${error.message}`, { cause: error })),
    );
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
