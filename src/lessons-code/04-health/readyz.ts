// sample: section "The response body" — the handler, with the checks passed in
import type { Context } from 'hono';
import type { Phase } from './ready-flag.ts';
import type { DependencyStatus } from './timeout-ping.ts';

export async function readyz(c: Context, phase: Phase, database: () => Promise<DependencyStatus>): Promise<Response> {
  // Not ready on our own account: answer at once, without asking the database.
  if (phase !== 'ready') return c.json({ status: phase, checks: {} }, 503);

  const db = await database(); // cached, shared, bounded by its timeout
  const ready = db.status === 'up';
  // The status code is the verdict; the body is the explanation, for people.
  return c.json({ status: ready ? 'ok' : 'unavailable', checks: { db } }, ready ? 200 : 503);
}
