/**
 * @module
 * Where a workspace run's shared cache lives (lab 08): a real Redis the harness starts (and stops with
 * the run), which a second instance can share, or, where none can run, the service's own in-memory
 * stand-in, alone. Each outcome comes with the sentence the cache panel shows.
 */
import type { Harness } from '../engine/harness.ts';
import { INSTALL_REDIS, RedisMissing } from '../engine/node/redis-server.ts';
import type { SharedCache } from '../runtime/events.ts';

export const IN_BROWSER_STAND_IN =
  'The in-browser runtime cannot run a real Redis: your service runs as one instance, on its in-memory stand-in (ioredis-mock), so there is no second instance to share it. Use the local runtime to run two instances on one Redis.';

/**
 * Starts a real Redis through the harness where the host can run one; otherwise says why the service
 * will run alone on its stand-in. Never throws: a run without Redis still runs.
 */
export async function sharedCacheFor(harness: Pick<Harness, 'startRedis'>, hostLacksRedis: boolean): Promise<{ cache: SharedCache; url?: string }> {
  if (hostLacksRedis) return { cache: { kind: 'stand-in', message: IN_BROWSER_STAND_IN } };
  try {
    const redis = await harness.startRedis();
    return {
      url: redis.url,
      cache: { kind: 'redis', message: `A real Redis (redis-server on ${redis.url.replace('redis://', '')}) runs beside your service: start instance B to share it.` },
    };
  } catch (error) {
    const why =
      error instanceof RedisMissing
        ? `This machine has no redis-server, so your service runs as one instance, on its in-memory stand-in (ioredis-mock). To run two instances on one Redis, install it with \`${INSTALL_REDIS}\` (\`brew install redis\` on macOS) and press Run again.`
        : `Redis did not start (${(error as Error).message}), so your service runs as one instance, on its in-memory stand-in (ioredis-mock).`;
    return { cache: { kind: 'stand-in', message: why } };
  }
}
