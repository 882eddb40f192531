// sample: helper for the experiments — a throwaway redis-server on a free loopback port
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A port the kernel says is free right now. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** Starts Debian's redis-server with no persistence, and can take it down the two ways outages do. */
export async function startRedis() {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  child.on('error', () => {
    console.error('redis-server is missing: sudo apt-get install redis-server');
    process.exit(2);
  });
  await sleep(300); // it listens within a few milliseconds; the experiments are not about start-up
  return {
    url: `redis://127.0.0.1:${port}`,
    /** Gone: connections are refused, as after a crash. */
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
    /** Frozen: connections stay open and nothing answers, as behind a dropped route. */
    freeze: () => child.kill('SIGSTOP'),
  };
}
