/**
 * @module
 * Spawn → first HTTP answer of a service, the bench's measure of start-up cost (bench/run.ts for every
 * lab against a bare node:http hello-world, bench/tracing-startup.ts for lab 06's SDK).
 */
import { spawn } from 'node:child_process';
import { findFreePort } from '../src/engine/node/free-port.ts';
import { sendRequest } from '../src/engine/node/http-client.ts';
import { killProcess } from '../src/engine/node/process-tree.ts';

/** ms from spawn to the first HTTP response of `node <entry>` in `cwd`, told its port through `portEnv`. */
export async function timeToFirstAnswer(cwd: string, entry: string, env: Record<string, string> = {}, portEnv = 'PORT'): Promise<number> {
  const port = await findFreePort();
  const started = performance.now();
  const child = spawn(process.execPath, [entry], {
    cwd,
    env: { PATH: process.env.PATH, ...env, [portEnv]: String(port), HOST: '127.0.0.1' },
    detached: true,
    stdio: 'ignore',
  });
  try {
    for (;;) {
      const outcome = await sendRequest('127.0.0.1', port, '/', { timeoutMs: 1000 });
      if (outcome.kind === 'response') return performance.now() - started;
      if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode} before answering`);
      if (performance.now() - started > 10_000) throw new Error(`${entry} did not answer within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    killProcess(child.pid!, true);
  }
}
