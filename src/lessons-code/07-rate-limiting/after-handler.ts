// sample: section "Where the limiter runs" — a limit checked once the work is done (don't copy it)
import type { MiddlewareHandler } from 'hono';
import { clientAddress } from './client-address.ts';

const attempts = new Map<string, number>();

export const limitLogin: MiddlewareHandler = async (c, next) => {
  await next(); // the handler has already checked the password, and the database has done the work
  const key = clientAddress(c, false);
  const count = (attempts.get(key) ?? 0) + 1;
  attempts.set(key, count);
  if (count > 5) c.res = new Response('Too many requests', { status: 429 }); // too late to save anything
};
