/**
 * @module
 * The service's settings, read once from the environment and checked (lesson 01): a bad value stops
 * the start with every problem named. API_KEY is a secret: it is used, never printed.
 */
import { z } from 'zod';

const milliseconds = z.coerce.number().int().positive();

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  /** Origins allowed to call the API from a browser, comma-separated: an allowlist, never "*". */
  CORS_ORIGINS: z.string().default('https://shop.example'),
  /** A request's whole budget: past it, the answer is 504 and its work stops. */
  REQUEST_TIMEOUT_MS: milliseconds.default(5000),
  /** How long a client may take to send its request headers. */
  HEADERS_TIMEOUT_MS: milliseconds.default(10_000),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(64 * 1024),
  RATE_LIMIT_PER_WINDOW: z.coerce.number().int().positive().default(100),
  RATE_LIMIT_WINDOW_MS: milliseconds.default(60_000),
  /** The payment provider's key: a secret. */
  API_KEY: z.string().min(1),
});

export interface Config {
  port: number;
  host: string;
  production: boolean;
  corsOrigins: string[];
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  bodyLimitBytes: number;
  rateLimit: { perWindow: number; windowMs: number };
  apiKey: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    process.stderr.write(`Invalid configuration:\n  ${problems.join('\n  ')}\n`);
    process.exit(1);
  }
  const value = parsed.data;
  return {
    port: value.PORT,
    host: value.HOST,
    production: value.NODE_ENV === 'production',
    corsOrigins: value.CORS_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean),
    requestTimeoutMs: value.REQUEST_TIMEOUT_MS,
    headersTimeoutMs: value.HEADERS_TIMEOUT_MS,
    bodyLimitBytes: value.BODY_LIMIT_BYTES,
    rateLimit: { perWindow: value.RATE_LIMIT_PER_WINDOW, windowMs: value.RATE_LIMIT_WINDOW_MS },
    apiKey: value.API_KEY,
  };
}
