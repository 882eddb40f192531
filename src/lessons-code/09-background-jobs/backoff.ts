// sample: section "Full jitter" — the delay before the next attempt, in one function
export interface BackoffPolicy {
  /** The ceiling after the first failure, in ms. */
  baseMs: number;
  /** No wait is ever longer than this, however many failures. */
  capMs: number;
}

/** The ceiling after `failures` failed attempts (1, 2, 3…): baseMs, 2×, 4×, … never above capMs. */
export function backoffCeiling(failures: number, { baseMs, capMs }: BackoffPolicy): number {
  return Math.min(capMs, baseMs * 2 ** (failures - 1));
}

/** Full jitter: anywhere from 0 up to the ceiling, so jobs that failed together retry apart. */
export function retryDelay(failures: number, policy: BackoffPolicy, random = Math.random): number {
  return Math.floor(random() * backoffCeiling(failures, policy));
}
