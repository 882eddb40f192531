// sample: section "Route templates" — the label is the route that matched, or one shared word
import type { Context } from 'hono';
import { routePath } from 'hono/route';

/** Every path that matched no route shares this label: a scanner's 10,000 paths make one series. */
export const UNMATCHED = 'unmatched';

/**
 * The template of the route that answered (`/users/:id`). Call it after `await next()`: Hono lists the
 * routes a request matched, this middleware (`/*`) first and the handler last. When the last is also
 * the first, nothing but the middleware matched, and the not-found handler answered.
 */
export function routeOf(c: Context): string {
  const last = routePath(c, -1);
  return last === routePath(c, 0) ? UNMATCHED : last;
}
