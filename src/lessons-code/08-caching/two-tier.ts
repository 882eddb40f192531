// sample: section "The two-tier read path" — L1, then L2, then the store; a first version
import type { Redis } from 'ioredis';
import type { LRUCache } from 'lru-cache';
import type { Product } from './product.ts';

export type CacheOutcome = 'HIT-L1' | 'HIT-L2' | 'MISS';

export interface ReadPath {
  l1: LRUCache<string, Product>;
  l2: Redis;
  l2TtlMs: number;
  /** The slow store, the source of truth. */
  load: (id: string) => Promise<Product>;
}

/** One key per product, with a prefix, so other data in the same Redis cannot collide with it. */
export const keyOf = (id: string) => `product:${id}`;

export async function readProduct({ l1, l2, l2TtlMs, load }: ReadPath, id: string) {
  const near = l1.get(id);
  if (near) return { product: near, outcome: 'HIT-L1' as CacheOutcome };

  const shared = await l2.get(keyOf(id));
  if (shared !== null) {
    const product = JSON.parse(shared) as Product;
    l1.set(id, product); // the next read on this instance stays in the process
    return { product, outcome: 'HIT-L2' as CacheOutcome };
  }

  const product = await load(id);
  await l2.set(keyOf(id), JSON.stringify(product), 'PX', l2TtlMs); // PX: the TTL in milliseconds, set with the value
  l1.set(id, product);
  return { product, outcome: 'MISS' as CacheOutcome };
}
