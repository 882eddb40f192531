// sample: section "Cache stampede and single flight" — one load per key at a time, shared by every caller
/** Loads in flight, by key: callers that ask for a key already loading wait for that load. */
export function singleFlight<V>() {
  const inFlight = new Map<string, Promise<V>>();

  return {
    /** `load` may ask stillCurrent() before caching what it read: false once forget() has run. */
    run(key: string, load: (stillCurrent: () => boolean) => Promise<V>): Promise<V> {
      const running = inFlight.get(key);
      if (running) return running;
      const started: Promise<V> = load(() => inFlight.get(key) === started).finally(() => {
        // Only our own entry: forget() may have replaced it with a newer load meanwhile.
        if (inFlight.get(key) === started) inFlight.delete(key);
      });
      inFlight.set(key, started);
      return started;
    },
    /** After a write: later callers start a fresh load instead of joining one that may return old data. */
    forget(key: string): void {
      inFlight.delete(key);
    },
  };
}
