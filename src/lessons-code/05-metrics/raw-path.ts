// sample: section "Labels and cardinality" — a label from the raw path (don't copy it)
import type { MiddlewareHandler } from 'hono';
import { requests } from './instruments.ts';

export const countRequests: MiddlewareHandler = async (c, next) => {
  await next();
  // /users/1, /users/2, … /users/981234: one new series per id, per status, per method.
  requests.inc({ method: c.req.method, route: c.req.path, status: String(c.res.status) });
};
