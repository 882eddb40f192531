// sample: section "What to cache, and where" — what one read costs at each tier; run it with node
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { sampleProduct, type Product } from './product.ts';
import { startRedis } from './redis-server.ts';

const READS = 10_000;

async function time(name: string, read: () => unknown) {
  const samples: number[] = [];
  for (let i = 0; i < READS; i++) {
    const started = performance.now();
    await read();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => `${(samples[Math.floor(q * (READS - 1))]! * 1000).toFixed(1)} µs`;
  console.log(`${name.padEnd(34)} p50 ${at(0.5).padStart(9)}   p99 ${at(0.99).padStart(9)}`);
}

const server = await startRedis();
const redis = new Redis(server.url);
const l1 = new LRUCache<string, Product>({ max: 1000, ttl: 5000 });
const product = sampleProduct('42');
l1.set('42', product);
await redis.set('product:42', JSON.stringify(product));

await time('L1: lru-cache get()', () => l1.get('42'));
await time('L2: Redis GET, loopback', () => redis.get('product:42'));
await time('L2: Redis GET + JSON.parse()', async () => JSON.parse((await redis.get('product:42'))!));

redis.disconnect();
await server.stop();
