// sample: section "Algorithms" — one client's limiter, five ways; `now` is in milliseconds
/** Admits a request at `now`, or refuses it. One instance holds the state of one client. */
export type Limiter = (now: number) => boolean;

/** At most `limit` requests per window; windows start at multiples of `windowMs` on the clock. */
export function fixedWindow(limit: number, windowMs: number): Limiter {
  let window = -1;
  let count = 0;
  return (now) => {
    const current = Math.floor(now / windowMs);
    if (current !== window) [window, count] = [current, 0]; // a new window forgets the old one entirely
    if (count >= limit) return false;
    count++;
    return true;
  };
}

/** At most `limit` requests in the `windowMs` before every request: exact, but it keeps every timestamp. */
export function slidingLog(limit: number, windowMs: number): Limiter {
  const admitted: number[] = [];
  return (now) => {
    while (admitted.length > 0 && admitted[0]! <= now - windowMs) admitted.shift();
    if (admitted.length >= limit) return false;
    admitted.push(now);
    return true;
  };
}

/**
 * Two fixed windows, the previous one weighted by how much of it still overlaps the sliding window:
 * nearly the log's answer with two counters.
 */
export function slidingWindow(limit: number, windowMs: number): Limiter {
  let window = -1;
  let previous = 0;
  let current = 0;
  return (now) => {
    const index = Math.floor(now / windowMs);
    if (index !== window) [window, previous, current] = [index, index === window + 1 ? current : 0, 0];
    const overlap = 1 - (now % windowMs) / windowMs;
    if (previous * overlap + current >= limit) return false;
    current++;
    return true;
  };
}

/** A bucket of `capacity` tokens, refilled at `perSecond`; each request takes one. */
export function tokenBucket(capacity: number, perSecond: number): Limiter {
  let tokens = capacity;
  let last = -Infinity;
  return (now) => {
    tokens = Math.min(capacity, tokens + ((now - last) / 1000) * perSecond); // refill for the time since
    last = now;
    if (tokens < 1) return false;
    tokens--;
    return true;
  };
}

/**
 * The generic cell rate algorithm: the token bucket's behaviour from one number per client, the
 * theoretical arrival time of the next request if the client kept exactly to the rate.
 */
export function gcra(burst: number, perSecond: number): Limiter {
  const interval = 1000 / perSecond; // the emission interval: one request's worth of time
  const tolerance = interval * burst; // how far ahead of the rate a client may run
  let tat = -Infinity;
  return (now) => {
    const next = Math.max(tat, now) + interval;
    if (next - now > tolerance) return false;
    tat = next;
    return true;
  };
}
