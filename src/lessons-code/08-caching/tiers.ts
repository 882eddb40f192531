// sample: section "The two-tier read path" — the two caches, made once per process
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Product } from './product.ts';

/** L1: this process's memory. Bounded by count, so it cannot grow until the process is killed. */
export const l1 = new LRUCache<string, Product>({
  max: 10_000,
  ttl: Number(process.env.L1_TTL_MS ?? 5_000),
});

/** L2: one Redis that every instance shares. Each entry gets its TTL when it is written. */
export const l2 = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  // Why these three: "When Redis is down". Fail at once when Redis is gone, soon when it is silent,
  // and never stop reconnecting.
  maxRetriesPerRequest: 0,
  commandTimeout: 250,
  retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
});
export const L2_TTL_MS = Number(process.env.L2_TTL_MS ?? 30_000);
