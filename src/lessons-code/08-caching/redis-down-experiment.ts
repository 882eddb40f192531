// sample: section "When Redis is down" — how long a GET takes to fail once Redis has gone; run it with node
import { once } from 'node:events';
import { Redis, type RedisOptions } from 'ioredis';
import { startRedis } from './redis-server.ts';

const configurations: Record<string, RedisOptions> = {
  "ioredis's defaults": {},
  'maxRetriesPerRequest: 1': { maxRetriesPerRequest: 1 },
  'maxRetriesPerRequest: 0': { maxRetriesPerRequest: 0 },
  'enableOfflineQueue: false': { enableOfflineQueue: false },
  'commandTimeout: 100': { commandTimeout: 100 },
  "the lab's reference": { maxRetriesPerRequest: 0, commandTimeout: 250, retryStrategy: (n) => Math.min(n * 100, 1000) },
};
const GIVE_UP_MS = 15_000;

for (const outage of ['stop', 'freeze'] as const) {
  console.log(outage === 'stop' ? 'Redis stopped (connection refused):' : 'Redis frozen (no answer):');
  for (const [name, options] of Object.entries(configurations)) {
    const server = await startRedis();
    const redis = new Redis(server.url, options);
    redis.on('error', () => {}); // without a listener, ioredis prints every reconnection error
    await once(redis, 'ready');
    await redis.set('product:1', '{"id":1}');
    await (outage === 'stop' ? server.stop() : server.freeze());

    const started = performance.now();
    const outcome = await Promise.race([
      redis.get('product:1').then(
        (value) => `answered ${value}`,
        (error: Error) => `rejected: ${error.message.split('.')[0]}`,
      ),
      new Promise<string>((resolve) => setTimeout(resolve, GIVE_UP_MS, `no answer after ${GIVE_UP_MS / 1000} s`).unref()),
    ]);
    console.log(`  ${name.padEnd(28)} ${Math.round(performance.now() - started).toString().padStart(6)} ms  ${outcome}`);
    redis.disconnect();
    await server.stop();
  }
}
