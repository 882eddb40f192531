// sample: section "Jitter" — spread the expiries of entries written together
/**
 * A TTL moved at random by up to ±spread of itself: 30 s with spread 0.1 is 27 to 33 s.
 * @example l2.set(key, value, 'PX', jittered(L2_TTL_MS))
 */
export function jittered(ttlMs: number, spread = 0.1): number {
  return Math.round(ttlMs * (1 + spread * (2 * Math.random() - 1)));
}
