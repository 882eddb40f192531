// sample: helper for the experiments — a stand-in for the lab's slow store, counting its reads
import { setTimeout as sleep } from 'node:timers/promises';
import { sampleProduct, type Product } from './product.ts';

export function slowStore(readMs = 100, writeMs = 50) {
  const products = new Map<string, Product>();
  const store = {
    reads: 0,
    /** Reads the row at once and answers readMs later: the answer is as old as the question. */
    async get(id: string): Promise<Product | undefined> {
      store.reads++;
      const row = products.get(id);
      await sleep(readMs);
      return row;
    },
    /** The new row is visible once the write is done, writeMs later. */
    async put(product: Product): Promise<void> {
      await sleep(writeMs);
      products.set(product.id, product);
    },
  };
  for (let id = 1; id <= 100; id++) products.set(String(id), sampleProduct(String(id)));
  return store;
}
