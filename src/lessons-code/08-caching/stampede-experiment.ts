// sample: section "Cache stampede and single flight" — 50 concurrent misses for one key; run it with node
import { LRUCache } from 'lru-cache';
import type { Product } from './product.ts';
import { singleFlight } from './single-flight.ts';
import { slowStore } from './slow-store.ts';

/** A read-through cache, with or without single flight in front of the store. */
function cachedReader(shared: boolean) {
  const store = slowStore(100);
  const cache = new LRUCache<string, Product>({ max: 1000, ttl: 5000 });
  const flights = singleFlight<Product | undefined>();
  const fromStore = async (id: string) => {
    const product = await store.get(id);
    if (product) cache.set(id, product);
    return product;
  };
  const read = (id: string) => cache.get(id) ?? (shared ? flights.run(id, () => fromStore(id)) : fromStore(id));
  return { read, store };
}

for (const shared of [false, true]) {
  const { read, store } = cachedReader(shared);
  const started = performance.now();
  await Promise.all(Array.from({ length: 50 }, () => read('42')));
  const ms = Math.round(performance.now() - started);
  const reads = `${store.reads} store read${store.reads === 1 ? '' : 's'}`;
  console.log(`${shared ? 'single flight' : 'plain cache'}: 50 concurrent misses, ${reads}, all answered in ${ms} ms`);
}
