// sample: section "Fail fast, before the port opens" — the order of src/server.ts
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Config } from './types.ts';

declare function loadConfig(): Config; // throws ConfigError, listing every problem
declare class ConfigError extends Error {}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error; // a bug: let Node print its stack trace
  process.stderr.write(`${error.message}\n`);
  process.exit(1); // non-zero, and before serve(): the port is never opened
}

// Only a valid configuration gets this far.
serve({ fetch: new Hono().fetch, port: config.server.port, hostname: config.server.host });
