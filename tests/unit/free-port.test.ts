/**
 * Finding a free port where `listen(0)` reports none (suspected of WebContainers' emulated network):
 * random ports of a high range are tried instead, and running out says why. A port handed to a service
 * stays leased until its check ends, so the OS cannot hand it to a second service still starting.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { InfrastructureError } from '../../src/engine/check.ts';
import { findFreePort, isLeased, leaseFreePort, type PortBinder } from '../../src/engine/node/free-port.ts';

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

test('a port leased to a service still starting is not handed out again until it is released', async () => {
  const offered = [41_001, 41_001, 41_002, 41_001];
  const bind: PortBinder = async () => offered.shift() ?? 0; // the OS offers the same free port twice
  const first = await leaseFreePort('127.0.0.1', bind);
  const second = await leaseFreePort('127.0.0.1', bind);
  assert.deepEqual([first.port, second.port], [41_001, 41_002]);
  assert.ok(isLeased(41_001));
  first.release();
  assert.equal(isLeased(41_001), false);
  assert.equal((await leaseFreePort('127.0.0.1', bind)).port, 41_001, 'released, it is free to lease again');
  second.release();
});

test('when every free port offered is leased, an infrastructure error says so', async () => {
  const held = await leaseFreePort('127.0.0.1', async () => 41_003);
  try {
    await assert.rejects(leaseFreePort('127.0.0.1', async () => 41_003), (error: Error) => error instanceof InfrastructureError && /leased to a service \(of this grader or another\)/.test(error.message));
  } finally {
    held.release();
  }
});

test('a port another grader leased is not handed out while it lives, and is taken over once it was killed', async () => {
  // Another grader (a process of its own) leases 41_010 and keeps it.
  const script = `
    import { leaseFreePort } from ${JSON.stringify(new URL('../../src/engine/node/free-port.ts', import.meta.url).href)};
    await leaseFreePort('127.0.0.1', async () => 41_010);
    console.log('leased');
    setInterval(() => {}, 1000);
  `;
  const other = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      other.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('leased') && resolve());
      other.once('exit', (code) => reject(new Error(`the other grader exited (${code})`)));
    });
    assert.ok(isLeased(41_010), 'another live grader holds it');
    const offered = [41_010, 41_011];
    const lease = await leaseFreePort('127.0.0.1', async () => offered.shift() ?? 0);
    assert.equal(lease.port, 41_011);
    lease.release();
  } finally {
    other.kill('SIGKILL'); // killed outright: its lease stays behind
    await new Promise((resolve) => other.once('exit', resolve));
  }
  assert.equal(isLeased(41_010), false, 'a killed grader holds nothing');
  const lease = await leaseFreePort('127.0.0.1', async () => 41_010);
  assert.equal(lease.port, 41_010);
  lease.release();
});
