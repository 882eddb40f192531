/**
 * @module
 * The service's configuration: this is your work in lab 01.
 *
 * TODO(lab 01): this first version runs on a laptop and little else. It reads one file and spreads it
 * over the defaults (a shallow merge), reads two environment variables by hand, converts with Number()
 * and checks nothing, ignores APP_ENV, and redactConfig() hides nothing. The lesson's lab brief lists
 * what loadConfig() and redactConfig() must do; src/app.ts relies on both, and on the Config type.
 */
import { readFileSync } from 'node:fs';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Config {
  server: { port: number; host: string };
  db: { url: string; poolSize: number };
  log: { level: LogLevel };
  features: { signup: boolean };
  auth: { tokenSecret: string };
}

/**
 * The lowest layer: a safe value for every setting that can have one. The lab's checks rely on these
 * values, so keep them. `auth.tokenSecret` has no default on purpose: a secret must come from outside.
 */
export const defaults = {
  server: { port: 3000, host: '127.0.0.1' },
  db: { url: 'postgres://localhost:5432/app', poolSize: 10 },
  log: { level: 'info' },
  features: { signup: false },
  auth: {},
} as const;

/** Builds the configuration the service runs with. */
export function loadConfig(): Config {
  const file = JSON.parse(readFileSync('config/default.json', 'utf8')) as Partial<Config>;
  return {
    ...defaults,
    ...file,
    server: {
      ...defaults.server,
      ...file.server,
      port: Number(process.env.APP_SERVER__PORT ?? file.server?.port ?? defaults.server.port),
    },
    auth: { tokenSecret: process.env.APP_AUTH__TOKEN_SECRET ?? '' },
  };
}

/** The configuration as GET /config shows it. */
export function redactConfig(config: Config): unknown {
  return config;
}
