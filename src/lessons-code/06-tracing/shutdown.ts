// sample: section "Flushing on shutdown" — lesson 03's shutdown, with the last spans sent before the exit
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { log } from './log.ts';
import { startTracing } from './sdk-setup.ts';
import { traceRequests } from './server-span.ts';

const provider = startTracing();
const app = new Hono().use(traceRequests).get('/', (c) => c.json({ status: 'ok' }));
const server = serve({ fetch: app.fetch, port: Number(process.env.PORT) || 3000 }) as Server;

process.on('SIGTERM', () => {
  log.info('shutting down', { signal: 'SIGTERM' });
  server.close(async () => {
    // Every request has been answered, so every span has ended: the batch processor holds the last ones.
    // shutdown() exports them, then stops the exporter; exit() before it settles would drop them.
    await provider.shutdown().catch((error: Error) => log.error('could not send the last spans', { error: error.message }));
    log.info('shutdown complete');
    process.exit(0);
  });
  server.closeIdleConnections();
  // Lesson 03's deadline also bounds the flush: a collector that hangs cannot hold the exit hostage.
  setTimeout(() => process.exit(1), 5000).unref();
});
