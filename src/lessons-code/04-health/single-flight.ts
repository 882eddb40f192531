// sample: section "Cache the answer, briefly" — reuse a recent result, share the one in flight
/** Reuses a result for ttlMs after it arrives; callers that come while a check runs wait for that one. */
export function sharedCheck<T>(check: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let last: { value: T; at: number } | undefined;
  let inFlight: Promise<T> | undefined;

  return () => {
    if (last && performance.now() - last.at < ttlMs) return Promise.resolve(last.value);
    // Start a check only if none is running; everybody else gets the same promise.
    inFlight ??= check()
      .then((value) => {
        last = { value, at: performance.now() }; // the TTL counts from the answer, not the question
        return value;
      })
      .finally(() => {
        inFlight = undefined; // success or failure, the next caller after this may start a new one
      });
    return inFlight;
  };
}
