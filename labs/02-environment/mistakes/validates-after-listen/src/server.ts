import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { InvalidEnvironmentError, loadConfig, serviceInfo } from './env.ts';
import { createLogger, log as startupLog } from './log.ts';

// Mistake: the server starts first, on PORT and HOST read straight from process.env, and the
// configuration is checked once it is listening. A broken instance opens its port and answers (a
// health check passes, a load balancer sends it traffic) until it notices and exits.
const port = Number(process.env.PORT ?? '3000');
const hostname = process.env.HOST ?? '127.0.0.1';
let app = createApp({ info: { appEnv: 'starting', logLevel: 'info', port, databaseHost: 'unknown' }, sessionSecret: '' });

serve({ fetch: (request) => app.fetch(request), port, hostname }, () => {
  try {
    const config = loadConfig();
    const info = serviceInfo(config);
    app = createApp({ info, sessionSecret: config.sessionSecret });
    createLogger(config.logLevel).info('listening', { ...info, host: hostname });
  } catch (error) {
    if (!(error instanceof InvalidEnvironmentError)) throw error;
    process.stderr.write(`${error.message}\n`);
    startupLog.error('invalid environment: stopping', { variables: error.variables });
    // Give the log shipper a moment before exiting.
    setTimeout(() => process.exit(1), 500);
  }
});
