/**
 * @module
 * The service's settings, read once from the environment at start. A setting that is not a positive
 * whole number stops the start with a message naming it: a limit of NaN would limit nothing.
 */

export interface LimitsConfig {
  /** Length of one rate-limit window, in milliseconds (RATE_LIMIT_WINDOW_MS). */
  windowMs: number;
  /** Requests one client may send per window (RATE_LIMIT_PER_IP). */
  perIp: number;
  /** Requests all clients together may send per window (RATE_LIMIT_GLOBAL). */
  global: number;
  /** POST /login attempts one client may make per window (RATE_LIMIT_LOGIN). */
  login: number;
}

export interface Config {
  port: number;
  host: string;
  /** Whether a proxy the service trusts stands in front of it and writes X-Forwarded-For (TRUST_PROXY=true). */
  trustProxy: boolean;
  limits: LimitsConfig;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, not ${JSON.stringify(text)}`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT || '3000'),
    host: env.HOST || '127.0.0.1',
    trustProxy: env.TRUST_PROXY === 'true',
    limits: {
      windowMs: positiveInteger(env, 'RATE_LIMIT_WINDOW_MS', 60_000),
      perIp: positiveInteger(env, 'RATE_LIMIT_PER_IP', 60),
      global: positiveInteger(env, 'RATE_LIMIT_GLOBAL', 1000),
      login: positiveInteger(env, 'RATE_LIMIT_LOGIN', 5),
    },
  };
}
