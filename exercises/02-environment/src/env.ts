/**
 * @module
 * The service's configuration, read from the environment: this is your work in lab 02.
 *
 * TODO(lab 02): today this takes whatever it finds. It loads .env in every environment, invents a
 * database and a secret when they are missing, and checks nothing, so a typo in production starts a
 * service that fails later, on some request, or talks to the wrong database. The lesson's lab brief
 * lists what it must do instead.
 */
import type { ServiceInfo } from './app.ts';
import type { LogLevel } from './log.ts';

export interface Config {
  appEnv: string;
  logLevel: LogLevel;
  databaseUrl: URL;
  sessionSecret: string;
}

export function loadConfig(): Config {
  try {
    process.loadEnvFile('.env');
  } catch {
    // no .env here: carry on with what the environment has
  }
  return {
    appEnv: process.env.APP_ENV || 'development',
    // The cast tells TypeScript this is a LogLevel; nothing checks that it is.
    logLevel: (process.env.LOG_LEVEL || 'info') as LogLevel,
    databaseUrl: new URL(process.env.DATABASE_URL || 'postgres://localhost:5432/app'),
    sessionSecret: process.env.SESSION_SECRET || 'dev-secret',
  };
}

/** What GET /info shows about this configuration. */
export function serviceInfo(config: Config, port: number): ServiceInfo {
  return { appEnv: config.appEnv, logLevel: config.logLevel, port, databaseHost: config.databaseUrl.hostname };
}
