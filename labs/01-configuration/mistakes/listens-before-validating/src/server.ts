/**
 * @module
 * The entry point: `node src/server.ts`. Opens the port at once, and loads the configuration when the
 * first request needs it.
 */
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { log } from './log.ts';

let app: Hono | undefined;

serve(
  {
    fetch: (request) => {
      app ??= createApp(loadConfig());
      return app.fetch(request);
    },
    port: Number(process.env.APP_SERVER__PORT ?? '3000'),
    hostname: '127.0.0.1',
  },
  (info) => log.info('listening', { port: info.port }),
);
