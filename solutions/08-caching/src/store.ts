/**
 * @module
 * The product store: the slow source of truth the cache sits in front of. In the lab it is a stand-in
 * the grader runs at STORE_URL, which counts every read and can be made slow or taken down.
 */

export interface Product {
  id: string;
  name: string;
  /** Counts the writes: a cached product with an older version is stale. */
  version: number;
  [field: string]: unknown;
}

export interface ProductStore {
  read(id: string): Promise<Product>;
  /** Replaces the product's fields; resolves with the product as stored, once the store has it. */
  write(id: string, fields: Record<string, unknown>): Promise<Product>;
}

/** The store failed to answer: the service has nothing to serve, so the request fails (502). */
export class StoreError extends Error {
  name = 'StoreError';
}

export function connectStore(url: string): ProductStore {
  async function call(id: string, init?: RequestInit): Promise<Product> {
    const target = new URL(`/products/${encodeURIComponent(id)}`, url);
    let response: Response;
    try {
      response = await fetch(target, { ...init, signal: AbortSignal.timeout(5000) });
    } catch (error) {
      throw new StoreError(`the store did not answer: ${(error as Error).message}`);
    }
    if (!response.ok) throw new StoreError(`the store answered ${response.status}`);
    return (await response.json()) as Product;
  }
  return {
    read: (id) => call(id),
    write: (id, fields) => call(id, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(fields) }),
  };
}
