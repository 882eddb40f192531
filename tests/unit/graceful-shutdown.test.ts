/**
 * The server's own shutdown (src/server/graceful-shutdown.ts), in a child process since it exits: its
 * clean-up runs to the end before the exit, even when no request holds the server open.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';

const MODULE = new URL('../../src/server/graceful-shutdown.ts', import.meta.url).href;

/** A server with graceful shutdown whose clean-up (beforeDrain) runs `cleanUp`; SIGTERM once it listens. */
async function stopServer(cleanUp: string): Promise<{ code: number | null; output: string }> {
  const script = `
    import { createServer } from 'node:http';
    import { installGracefulShutdown } from ${JSON.stringify(MODULE)};
    const log = { info: (msg) => console.log(msg), warn: (msg) => console.log(msg), error: (msg, fields) => console.log(msg, JSON.stringify(fields ?? {})) };
    const server = createServer((req, res) => res.end('ok'));
    installGracefulShutdown(server, { timeoutMs: 5000, log, beforeDrain: async () => { ${cleanUp} } });
    server.listen(0, '127.0.0.1', () => console.log('listening'));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  for (let waited = 0; !output.includes('listening') && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  child.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

test('with no request in flight, the exit still waits for the clean-up to finish', async () => {
  const { code, output } = await stopServer("await new Promise((resolve) => setTimeout(resolve, 300)); console.log('cleaned up');");
  assert.equal(code, 0, output);
  assert.match(output, /shutdown started\ncleaned up\nshutdown complete\n/);
});

test('a clean-up that fails is logged, and the exit code says so', async () => {
  const { code, output } = await stopServer("throw new Error('the disk is gone');");
  assert.equal(code, 1, output);
  assert.match(output, /shutdown failed \{"error":"the disk is gone"\}/);
});
