// sample: section "hono-rate-limiter" — one policy: 60 requests a minute per client address
import type { Context } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { clientAddress } from './client-address.ts';
import { tooManyRequests } from './too-many.ts';

const trustProxy = process.env.TRUST_PROXY === 'true';
/** Whose count a request adds to. */
export const byClient = (c: Context) => clientAddress(c, trustProxy);

export const perClient = rateLimiter({
  windowMs: 60_000, // each client's window starts at its first request and lasts a minute
  limit: 60,
  keyGenerator: byClient,
  standardHeaders: 'draft-7', // RateLimit and RateLimit-Policy on every answer, Retry-After on a 429
  handler: tooManyRequests, // the 429, instead of the library's plain-text message
});
