// sample: lesson 10, "Timeouts": the server's own limits for clients that send slowly or never finish.
import type { ServerOptions } from 'node:http';
import type { Config } from '../../../exercises/10-readiness-checklist/src/config.ts';

export function serverOptions(config: Config): ServerOptions {
  return {
    headersTimeout: config.headersTimeoutMs, // all the headers within this (Node: 60 s)
    requestTimeout: config.headersTimeoutMs + config.requestTimeoutMs, // the whole request (Node: 300 s)
    // How often Node looks for connections past those limits (Node: every 30 s): a deadline is only met
    // to within this period.
    connectionsCheckingInterval: Math.min(1000, config.headersTimeoutMs),
  };
}
