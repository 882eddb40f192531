// sample: section "When Redis is down" — L2 calls that cannot fail a request
import type { Redis } from 'ioredis';
import type { Logger } from './log.ts';

/**
 * Wraps the L2 client: a failed call is a miss (or a skipped write), never an error for the request,
 * and an outage is logged when it starts and when it ends, not once per request.
 */
export function safeCache(l2: Redis, log: Logger) {
  let up = true;
  l2.on('error', () => {}); // reconnection errors; the calls below report what matters

  async function attempt<T>(call: () => Promise<T>, fallback: T): Promise<T> {
    try {
      const result = await call();
      if (!up) log.info('cache: redis is back');
      up = true;
      return result;
    } catch (error) {
      if (up) log.warn('cache: redis unavailable, serving from the store', { error: (error as Error).message });
      up = false;
      return fallback;
    }
  }

  return {
    get: (key: string) => attempt(() => l2.get(key), null),
    set: (key: string, value: string, ttlMs: number) => attempt(() => l2.set(key, value, 'PX', ttlMs), null),
    del: (key: string) => attempt(() => l2.del(key), 0),
    publish: (channel: string, message: string) => attempt(() => l2.publish(channel, message), 0),
  };
}

export type SafeCache = ReturnType<typeof safeCache>;
