/**
 * @module
 * Connections to Redis: the real one at REDIS_URL or, where REDIS_URL is unset (the in-browser
 * runtime, which has no Redis), ioredis-mock: an in-memory stand-in with the same API. Connections
 * made without a URL share one in-memory database, publish/subscribe included, as connections to one
 * server do; but they live in this process only, so a second instance cannot see them.
 */
import { Redis, type RedisOptions } from 'ioredis';
import RedisMock from 'ioredis-mock';

export type { Redis, RedisOptions };

/** A new connection; `options` are ioredis's (timeouts, retries, reconnection). */
export function connectRedis(url: string | undefined, options: RedisOptions = {}): Redis {
  return url ? new Redis(url, options) : new RedisMock(options);
}
