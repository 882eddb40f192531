/**
 * @module
 * The product cache: this is your work in lab 08.
 */
import type { Logger } from './log.ts';
import type { Product } from './store.ts';

/** Where an answer came from; the service sends it as X-Cache. */
export type CacheSource = 'HIT-L1' | 'HIT-L2' | 'MISS';

export interface CacheRead {
  product: Product;
  source: CacheSource;
}

export interface ProductCache {
  /** The product from L1, else L2, else `load()` — one load however many requests miss at once. */
  read(id: string, load: () => Promise<Product>): Promise<CacheRead>;
  /** Runs `write()` (the store's write) and makes every instance forget the old product. */
  update(id: string, write: () => Promise<Product>): Promise<Product>;
  /** Closes the connections to Redis. */
  close(): Promise<void>;
}

export interface CacheOptions {
  /** Redis for L2 and invalidations; undefined: the in-memory stand-in (src/redis.ts). */
  redisUrl: string | undefined;
  /** How long an entry lives in this process (L1_TTL_MS). */
  l1TtlMs: number;
  /** How long an entry lives in Redis (L2_TTL_MS). */
  l2TtlMs: number;
  log: Logger;
}

/**
 * TODO(lab 08): no cache yet. Every read goes to the slow store, and every request that misses loads
 * the product again. The lesson's lab brief says what to build: an L1 with lru-cache, an L2 in Redis
 * (connectRedis in src/redis.ts), single flight, and invalidation across instances.
 */
export function createProductCache(_options: CacheOptions): ProductCache {
  return {
    async read(_id, load) {
      return { product: await load(), source: 'MISS' };
    },
    async update(_id, write) {
      return write();
    },
    async close() {},
  };
}
