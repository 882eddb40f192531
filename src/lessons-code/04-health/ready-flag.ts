// sample: section "Warm-up" — three phases, and the one transition that must not happen
export type Phase = 'starting' | 'ready' | 'draining';

export function createLifecycle() {
  let phase: Phase = 'starting';
  return {
    get phase(): Phase {
      return phase;
    },
    /** Start-up work is done. Ignored once draining: a SIGTERM during warm-up must win. */
    markReady(): void {
      if (phase === 'starting') phase = 'ready';
    },
    /** Shutdown has begun. Final: nothing moves the service back to ready. */
    markDraining(): void {
      phase = 'draining';
    },
  };
}
