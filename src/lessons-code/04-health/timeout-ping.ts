// sample: section "Dependency checks need timeouts" — a ping that gives up, and says why
import type { Database } from './lab.ts';

export interface DependencyStatus {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

/** Never rejects and never takes much longer than timeoutMs: a status, whatever the database does. */
export async function checkDatabase(db: Database, timeoutMs: number): Promise<DependencyStatus> {
  const started = performance.now();
  const latencyMs = () => Math.round(performance.now() - started);
  try {
    await db.ping(AbortSignal.timeout(timeoutMs));
    return { status: 'up', latencyMs: latencyMs() };
  } catch (error) {
    return { status: 'down', latencyMs: latencyMs(), error: describe(error, timeoutMs) };
  }
}

/** A short reason a person can act on. */
function describe(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error);
  // fetch rejects with the signal's TimeoutError itself; Node's own APIs wrap it as the cause of an AbortError.
  const cause = error.cause instanceof Error ? error.cause : undefined;
  if (error.name === 'TimeoutError' || cause?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  // fetch's own failures are a TypeError "fetch failed"; the useful part is its cause.
  return cause?.message ?? error.message;
}
