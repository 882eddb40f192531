/**
 * @module
 * The entry point: `node src/server.ts`. Loads and validates the configuration first; only a valid
 * configuration gets as far as opening the port.
 */
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { type Config, ConfigError, loadConfig, redactConfig } from './config.ts';
import { createLogger } from './log.ts';

// The one place that reads the environment: loadConfig() gets it, the rest of the code gets `config`.
const env = process.env;

let config: Config;
try {
  config = loadConfig(env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // For the person deploying: every problem at once, on stderr, and the port never opened.
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

const log = createLogger(config.log.level);
log.info('configuration loaded', { appEnv: env.APP_ENV ?? 'development', config: redactConfig(config) });

serve({ fetch: createApp(config).fetch, port: config.server.port, hostname: config.server.host }, (info) => {
  log.info('listening', { port: info.port, host: config.server.host });
});
