// sample: section "Telling clients: 429 and its headers" — what a refused client gets
import type { Context } from 'hono';
import { problem } from './lab.ts';

/**
 * The limiter's `handler`: called instead of the route's handler once a client is over the limit.
 * By then hono-rate-limiter has set Retry-After and the RateLimit fields on `c`; problem() keeps them.
 */
export function tooManyRequests(c: Context): Response {
  return problem(c, 429, {
    title: 'Too Many Requests',
    detail: 'Rate limit reached: retry after the number of seconds in Retry-After.',
  });
}
