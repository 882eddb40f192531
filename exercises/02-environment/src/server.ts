/**
 * @module
 * The entry point: `node src/server.ts`. Reads the configuration, then starts the HTTP server.
 */
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { loadConfig, serviceInfo } from './env.ts';
import { createLogger } from './log.ts';

const config = loadConfig();
const log = createLogger(config.logLevel);
log.info('configuration loaded', { config });

const port = Number(process.env.PORT ?? '3000');
const hostname = process.env.HOST ?? '127.0.0.1';
const app = createApp({ info: serviceInfo(config, port), sessionSecret: config.sessionSecret });

serve({ fetch: app.fetch, port, hostname }, (info) => {
  log.info('listening', { port: info.port, host: hostname, appEnv: config.appEnv });
});
