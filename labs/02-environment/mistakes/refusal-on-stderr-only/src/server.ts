/**
 * @module
 * The entry point: `node src/server.ts`. Reads and validates the configuration first; only a valid one
 * gets as far as opening the port.
 */
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { type Config, InvalidEnvironmentError, loadConfig, serviceInfo } from './env.ts';
import { createLogger, log as startupLog } from './log.ts';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof InvalidEnvironmentError)) throw error;
    // For a person reading a crash loop: every variable and what is wrong with it. For the log
    // pipeline: one JSON line. Neither holds a value.
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

const config = configOrExit();
const log = createLogger(config.logLevel);
const info = serviceInfo(config);
const app = createApp({ info, sessionSecret: config.sessionSecret });

serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => {
  log.info('listening', { ...info, host: config.host });
});
