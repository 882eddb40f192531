// sample: section "Try it by hand" — the samples assembled into a service; run it with node
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { setTimeout as sleep } from 'node:timers/promises';
import { drainJobs } from './drain.ts';
import { log } from './log.ts';
import { jobRoutes } from './routes.ts';
import { createRunner } from './runner.ts';

// As in the lab, a job is {"durationMs": how long an attempt takes, "failTimes": how many fail}.
const runner = createRunner({
  capacity: 5,
  concurrency: 2,
  maxAttempts: 3,
  retryBaseMs: 200,
  handler: async (payload, attempt) => {
    const { durationMs = 1_000, failTimes = 0 } = payload as { durationMs?: number; failTimes?: number };
    await sleep(durationMs);
    if (attempt <= failTimes) throw new Error(`attempt ${attempt} failed`);
  },
});

const port = Number(process.env.PORT ?? 3000);
const server = serve({ fetch: jobRoutes(runner).fetch, port, hostname: '127.0.0.1' }) as Server;
log.info('listening', { port });

let stopping = false;
process.on('SIGTERM', async () => {
  if (stopping) process.exit(1); // a second signal: stop now (lesson 03)
  stopping = true;
  // The server keeps answering while the jobs drain, so clients can still poll; POST /jobs says 503.
  const cut = await drainJobs(runner, process.env.JOBS_SPILL_FILE ?? 'jobs-spill.json', 10_000, log);
  server.close(() => process.exit(cut ? 1 : 0)); // then lesson 03's drain of the connections
  server.closeIdleConnections();
});
