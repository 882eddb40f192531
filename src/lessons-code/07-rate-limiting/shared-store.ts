// sample: section "One process is not the limit" — the same limiter, its counts in Redis (lesson 08)
import { Redis } from 'ioredis';
import { rateLimiter, RedisStore } from 'hono-rate-limiter';
import { clientAddress } from './client-address.ts';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

// Every instance increments the same key in one Lua script, so three instances share one count.
export const perClient = rateLimiter({
  windowMs: 60_000,
  limit: 60,
  keyGenerator: (c) => clientAddress(c, false),
  store: new RedisStore({
    prefix: 'ratelimit:per-client:',
    client: {
      scriptLoad: (script) => redis.script('LOAD', script) as Promise<string>,
      // The store names the reply's type per call; ioredis returns what the script returned, untyped.
      evalsha: (sha, keys, args) => redis.evalsha(sha, keys.length, ...keys, ...(args as (string | number)[])) as Promise<never>,
      decr: (key) => redis.decr(key),
      del: (key) => redis.del(key),
    },
  }),
});
