// sample: section "Cache the answer, briefly" — a first attempt, with a gap
/** Reuses a result for ttlMs after it arrives. */
export function cacheFor<T>(check: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let last: { value: T; at: number } | undefined;

  return async () => {
    if (last && performance.now() - last.at < ttlMs) return last.value;
    // The gap: every caller that gets here before the first check has finished starts its own.
    const value = await check();
    last = { value, at: performance.now() };
    return value;
  };
}
