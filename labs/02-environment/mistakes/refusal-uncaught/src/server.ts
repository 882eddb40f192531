/**
 * @module
 * The entry point: `node src/server.ts`. Reads and validates the configuration first; only a valid one
 * gets as far as opening the port.
 */
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { type Config, loadConfig, serviceInfo } from './env.ts';
import { createLogger } from './log.ts';

function configOrExit(): Config {
  return loadConfig();
}

const config = configOrExit();
const log = createLogger(config.logLevel);
const info = serviceInfo(config);
const app = createApp({ info, sessionSecret: config.sessionSecret });

serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => {
  log.info('listening', { ...info, host: config.host });
});
