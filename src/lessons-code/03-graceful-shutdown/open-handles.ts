// sample: section "Exit when drained" — something else keeps the event loop alive
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { log } from './log.ts';

const app = new Hono();
app.get('/', (c) => c.json({ status: 'ok' }));
const server = serve({ fetch: app.fetch, port: 3000 }) as Server;

// A metrics push, a cache refresh, a database pool's idle timer: each keeps Node alive.
setInterval(() => log.info('metrics pushed'), 15_000);

process.on('SIGTERM', () => {
  server.close(() => {
    log.info('shutdown complete');
    // Without this line the process would stay up, its port closed and its work done,
    // until the orchestrator loses patience and sends SIGKILL.
    process.exit(0);
  });
});
