/**
 * @module
 * The entry point: `node src/server.ts`. Loads the configuration, then starts the HTTP server with it.
 */
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './log.ts';

const config = loadConfig();
const log = createLogger(config.log.level);

serve({ fetch: createApp(config).fetch, port: config.server.port, hostname: config.server.host }, (info) => {
  log.info('listening', { port: info.port, host: config.server.host });
});
