/**
 * @module
 * Liveness and readiness (reference solution of lab 04).
 *
 * - `/livez` answers "is this process able to serve?": it checks nothing outside the process, so a
 *   database outage never gets the service restarted.
 * - `/readyz` answers "should traffic come here?": no during warm-up and from SIGTERM on; otherwise it
 *   asks the database, bounded by a timeout, and reuses the answer for a short window so a burst of
 *   probes makes one call (concurrent probes share the call in flight).
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

interface DependencyStatus {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export function createHealth({ db, timeoutMs, cacheMs, log }: HealthOptions): Health {
  let phase: 'starting' | 'ready' | 'draining' = 'starting';
  let last: { result: DependencyStatus; at: number } | undefined;
  let inFlight: Promise<DependencyStatus> | undefined;

  async function pingDatabase(): Promise<DependencyStatus> {
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    try {
      await db.ping(AbortSignal.timeout(timeoutMs));
      return { status: 'up', latencyMs: latencyMs() };
    } catch (error) {
      const { name, cause } = error as Error & { cause?: Error };
      const reason = name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : cause!.message;
      return { status: 'down', latencyMs: latencyMs(), error: reason };
    }
  }

  /** The database's status, from the last check if it is recent enough, else from one shared new check. */
  function databaseStatus(): Promise<DependencyStatus> {
    if (last && performance.now() - last.at < cacheMs) return Promise.resolve(last.result);
    inFlight ??= pingDatabase().then((result) => {
      if (result.status !== last?.result.status) log[result.status === 'up' ? 'info' : 'warn']('database status changed', { ...result });
      last = { result, at: performance.now() };
      inFlight = undefined;
      return result;
    });
    return inFlight;
  }

  return {
    markReady() {
      if (phase === 'starting') phase = 'ready';
    },
    markDraining() {
      phase = 'draining';
    },
    livez: (c) => c.json({ status: 'ok' }),
    async readyz(c) {
      if (phase !== 'ready') return c.json({ status: phase, checks: {} }, 503);
      const db = await databaseStatus();
      const ready = db.status === 'up';
      return c.json({ status: ready ? 'ok' : 'unavailable', checks: { db } }, ready ? 200 : 503);
    },
  };
}
