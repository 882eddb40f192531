// sample: section "Negative caching" — the read path with single flight, absent products and jittered TTLs
import type { LRUCache } from 'lru-cache';
import { jittered } from './jitter.ts';
import type { Product } from './product.ts';
import type { SafeCache } from './safe-cache.ts';
import type { singleFlight } from './single-flight.ts';
import { keyOf, type CacheOutcome } from './two-tier.ts';

/** What a tier holds: the product, or the fact that there is none (a negative entry). */
export type Entry = { product: Product } | { product: null };

export interface Tiers {
  l1: LRUCache<string, Entry>;
  l2: SafeCache;
  flights: ReturnType<typeof singleFlight<{ entry: Entry; outcome: CacheOutcome }>>;
  load: (id: string) => Promise<Product | undefined>;
  ttl: { l1Ms: number; l2Ms: number; absentMs: number };
}

/** What L2 held, or undefined if it cannot be read: a value nobody can parse is a miss, not a 500. */
function parseEntry(text: string | null): Entry | undefined {
  if (text === null) return undefined;
  try {
    return { product: JSON.parse(text) as Product | null };
  } catch {
    return undefined;
  }
}

export async function readProduct(tiers: Tiers, id: string): Promise<{ entry: Entry; outcome: CacheOutcome }> {
  const near = tiers.l1.get(id);
  if (near) return { entry: near, outcome: 'HIT-L1' };
  // One trip to L2 and the store per key at a time; everybody else waits for it.
  return tiers.flights.run(id, async (stillCurrent) => {
    // undefined on a miss, while Redis is down, and for a value that does not parse
    const shared = parseEntry(await tiers.l2.get(keyOf(id)));
    if (shared) {
      if (stillCurrent()) tiers.l1.set(id, shared, { ttl: shared.product ? tiers.ttl.l1Ms : tiers.ttl.absentMs });
      return { entry: shared, outcome: 'HIT-L2' };
    }
    const entry: Entry = { product: (await tiers.load(id)) ?? null };
    if (stillCurrent()) {
      // No write on this instance since the load began: what it read may be cached. "None" lives briefly.
      await tiers.l2.set(keyOf(id), JSON.stringify(entry.product), jittered(entry.product ? tiers.ttl.l2Ms : tiers.ttl.absentMs));
      tiers.l1.set(id, entry, { ttl: entry.product ? tiers.ttl.l1Ms : tiers.ttl.absentMs });
    }
    return { entry, outcome: 'MISS' };
  });
}
