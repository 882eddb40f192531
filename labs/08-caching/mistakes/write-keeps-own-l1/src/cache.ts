/**
 * @module
 * The product cache (reference solution of lab 08): an in-process LRU (L1) in front of Redis (L2),
 * shared by every instance, in front of the slow store.
 *
 * - A read tries L1, then L2, then the store; what it finds fills the tiers above it, each with its TTL.
 * - Concurrent misses for one product share one load (single flight).
 * - A write goes to the store first, then deletes L2 and tells every instance to drop its L1 copy.
 * - Redis failing is a slower answer, never a failed one: every Redis call gives up fast and is caught.
 */
import { LRUCache } from 'lru-cache';
import type { Logger } from './log.ts';
import { connectRedis, type Redis, type RedisOptions } from './redis.ts';
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

/** The channel every instance listens on; a message is the id of a product that changed. */
const INVALIDATIONS = 'products:invalidated';
const L1_MAX_ENTRIES = 10_000;

/** The product's key in Redis: it names the product, so one can be found (and deleted) by hand. */
const l2Key = (id: string) => `product:${id}`;

/** Fail fast, recover soon: a cache that waits for Redis is slower than no cache at all. */
const REDIS_OPTIONS: RedisOptions = {
  // A command sent while Redis is away fails at the next reconnection attempt instead of after twenty.
  maxRetriesPerRequest: 0,
  // Nor does one wait long for an answer from a Redis that is up but stuck.
  commandTimeout: 250,
  // Keep reconnecting, never more than a second apart.
  retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
};

/** Whether a write invalidated the product while its load ran: then the load must not fill the caches. */
interface Staleness {
  stale: boolean;
}

/** A load in flight, which every request missing the same product awaits. */
interface Load {
  result: Promise<CacheRead>;
  staleness: Staleness;
}

export function createProductCache({ redisUrl, l1TtlMs, l2TtlMs, log }: CacheOptions): ProductCache {
  const l1 = new LRUCache<string, Product>({ max: L1_MAX_ENTRIES, ttl: l1TtlMs });
  const loads = new Map<string, Load>();
  const redis = connectRedis(redisUrl, REDIS_OPTIONS);
  // A connection that subscribed can do nothing else: invalidations get their own.
  const subscriber = connectRedis(redisUrl, REDIS_OPTIONS);
  watch(redis, 'l2');
  watch(subscriber, 'invalidations');

  let missedInvalidations = false;
  subscriber.on('close', () => (missedInvalidations = true));
  subscriber.on('ready', () => {
    // Messages published while this connection was down are lost: forget what they may have changed.
    if (missedInvalidations) l1.clear();
    missedInvalidations = false;
    subscriber.subscribe(INVALIDATIONS).catch((error: Error) => failed('subscribe to invalidations', error));
  });
  subscriber.on('message', (_channel: string, id: string) => forget(id));

  function watch(connection: Redis, role: string): void {
    let down = false;
    connection.on('error', (error: Error) => {
      if (!down) log.warn('redis unavailable: serving from L1 and the store', { role, error: error.message });
      down = true;
    });
    connection.on('ready', () => {
      if (down) log.info('redis available again', { role });
      down = false;
    });
  }

  function failed(what: string, error: unknown, id?: string): void {
    log.warn(`cache: could not ${what}`, { id, error: (error as Error).message });
  }

  /** Drops this instance's copy, and keeps a load already running from putting the old product back. */
  function forget(id: string): void {
    l1.delete(id);
    const load = loads.get(id);
    if (load) load.staleness.stale = true;
    loads.delete(id);
  }

  async function fromL2(id: string): Promise<Product | undefined> {
    try {
      const text = await redis.get(l2Key(id));
      return text === null ? undefined : (JSON.parse(text) as Product);
    } catch (error) {
      failed('read L2', error, id); // a miss, then
      return undefined;
    }
  }

  async function toL2(id: string, product: Product): Promise<void> {
    try {
      await redis.set(l2Key(id), JSON.stringify(product), 'PX', l2TtlMs);
    } catch (error) {
      failed('write L2', error, id);
    }
  }

  async function loadMissing(id: string, loadFromStore: () => Promise<Product>, staleness: Staleness): Promise<CacheRead> {
    const shared = await fromL2(id);
    if (shared) {
      if (!staleness.stale) l1.set(id, shared);
      return { product: shared, source: 'HIT-L2' };
    }
    const product = await loadFromStore();
    if (!staleness.stale) {
      l1.set(id, product);
      await toL2(id, product);
    }
    return { product, source: 'MISS' };
  }

  return {
    async read(id, loadFromStore) {
      const cached = l1.get(id);
      if (cached) return { product: cached, source: 'HIT-L1' };
      let load = loads.get(id);
      if (!load) {
        const staleness: Staleness = { stale: false };
        const result = loadMissing(id, loadFromStore, staleness).finally(() => {
          if (loads.get(id)?.staleness === staleness) loads.delete(id);
        });
        load = { result, staleness };
        loads.set(id, load);
      }
      return load.result;
    },

    async update(id, write) {
      // The store first: invalidated before the write, a reader could put the old product back.
      const product = await write();
      // Every instance drops its copy when the message arrives, this one included.
      await Promise.all([
        redis.del(l2Key(id)).catch((error: Error) => failed('delete from L2', error, id)),
        redis.publish(INVALIDATIONS, id).catch((error: Error) => failed('publish the invalidation', error, id)),
      ]);
      return product;
    },

    async close() {
      redis.disconnect();
      subscriber.disconnect();
    },
  };
}
