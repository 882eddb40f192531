/**
 * Finding a free port where `listen(0)` reports none (suspected of WebContainers' emulated network):
 * random ports of a high range are tried instead, and running out says why.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InfrastructureError } from '../../src/engine/check.ts';
import { findFreePort, type PortBinder } from '../../src/engine/node/free-port.ts';

test('on a real host, listen(0) gives a real port', async () => {
  const port = await findFreePort();
  assert.ok(port > 0 && port < 65536, String(port));
});

test('a host that reports port 0 for listen(0) gets a port of the fallback range that it could bind', async () => {
  const tried: number[] = [];
  const bind: PortBinder = async (_host, port) => {
    tried.push(port);
    if (port === 0) return 0;
    if (tried.length < 4) throw new Error('EADDRINUSE'); // the first two random ones are taken
    return port;
  };
  const port = await findFreePort('127.0.0.1', bind);
  assert.equal(tried[0], 0);
  assert.equal(tried.length, 4);
  assert.equal(port, tried.at(-1));
  assert.ok(port >= 20_000 && port < 40_000);
});

test('when no port can be bound, an infrastructure error names the host and the last reason', async () => {
  const bind: PortBinder = async (_host, port) => {
    if (port === 0) return 0;
    throw new Error('EACCES: permission denied');
  };
  await assert.rejects(findFreePort('127.0.0.1', bind), (error: Error) => error instanceof InfrastructureError && /No free TCP port on 127\.0\.0\.1: EACCES/.test(error.message));
});
