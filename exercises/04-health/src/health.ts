/**
 * @module
 * Liveness and readiness: this is your work in lab 04.
 */
import type { Context } from 'hono';
import type { Database } from './db.ts';
import type { Logger } from './log.ts';

export interface HealthOptions {
  db: Database;
  /** Longest a dependency check may take before it counts as failed (READINESS_TIMEOUT_MS). */
  timeoutMs: number;
  /** How long a dependency check's result may be reused (READINESS_CACHE_MS). */
  cacheMs: number;
  log: Logger;
}

export interface Health {
  /** Start-up work is done: the service may receive traffic. */
  markReady(): void;
  /** Shutdown has begun: stop receiving traffic. */
  markDraining(): void;
  livez(c: Context): Response | Promise<Response>;
  readyz(c: Context): Response | Promise<Response>;
}

/**
 * TODO(lab 04): one naive check serves both probes. It asks the database every time, waits for as long
 * as the database takes, and ignores warm-up and shutdown. The lesson's lab brief says what to build.
 */
export function createHealth({ db }: HealthOptions): Health {
  async function check(c: Context): Promise<Response> {
    try {
      await db.ping();
      return c.json({ status: 'ok' });
    } catch {
      return c.json({ status: 'unavailable' }, 503);
    }
  }
  return { markReady() {}, markDraining() {}, livez: check, readyz: check };
}
