// sample: section "Invalidation across instances" — write, then delete L2, then tell every L1
import type { Redis } from 'ioredis';
import type { LRUCache } from 'lru-cache';
import type { Logger } from './log.ts';
import type { Product } from './product.ts';
import type { Entry } from './read-path.ts';
import type { SafeCache } from './safe-cache.ts';
import { keyOf } from './two-tier.ts';

export const INVALIDATIONS = 'products:invalidated';

interface WriteSide {
  l1: LRUCache<string, Entry>;
  l2: SafeCache;
  flights: { forget(key: string): void };
  save: (product: Product) => Promise<void>;
}

export async function updateProduct({ l1, l2, flights, save }: WriteSide, product: Product) {
  await save(product); // the source of truth first: a failure here leaves every cache as it was
  flights.forget(product.id); // reads from now on start afresh instead of joining an older load
  l1.delete(product.id); // this instance at once, so its own next read sees the write
  await l2.del(keyOf(product.id));
  await l2.publish(INVALIDATIONS, product.id); // every instance's L1, this one's included
}

/**
 * Runs on a connection of its own: a subscribed connection can do nothing but subscribe.
 * Pub/sub delivers to whoever listens at that moment, so after a reconnection, L1 may hold entries
 * whose invalidations were lost: drop them all.
 */
export function listenForInvalidations(subscriber: Redis, l1: LRUCache<string, Entry>, log: Logger) {
  let connectedBefore = false;
  subscriber.on('error', () => {}); // the read path's safeCache() already logs the outage
  subscriber.on('ready', () => {
    if (connectedBefore) {
      l1.clear();
      log.info('cache: resubscribed after a reconnection, L1 cleared');
    }
    connectedBefore = true;
  });
  subscriber.on('message', (channel: string, id: string) => {
    if (channel === INVALIDATIONS) l1.delete(id);
  });
  subscriber.subscribe(INVALIDATIONS).catch((error: Error) => log.warn('cache: cannot subscribe', { error: error.message }));
}
