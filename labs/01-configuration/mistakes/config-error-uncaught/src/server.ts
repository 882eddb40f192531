/**
 * @module
 * The entry point: `node src/server.ts`. Loads and validates the configuration first; only a valid
 * configuration gets as far as opening the port.
 */
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { type Config, loadConfig, redactConfig } from './config.ts';
import { createLogger } from './log.ts';

// The one place that reads the environment: loadConfig() gets it, the rest of the code gets `config`.
const env = process.env;

const config: Config = loadConfig(env);

const log = createLogger(config.log.level);
log.info('configuration loaded', { appEnv: env.APP_ENV ?? 'development', config: redactConfig(config) });

serve({ fetch: createApp(config).fetch, port: config.server.port, hostname: config.server.host }, (info) => {
  log.info('listening', { port: info.port, host: config.server.host });
});
