// sample: section "Memory: a limiter is a map of clients" — the experiment; run it with node --expose-gc
import { LRUCache } from 'lru-cache';
import { MemoryStore, rateLimiter } from 'hono-rate-limiter';
import { setTimeout as sleep } from 'node:timers/promises';

const windowMs = 100; // a short window, so a few seconds hold many windows
const clients = 10_000; // new addresses per window, each seen once: a scan through a trusted proxy
const windows = 20;

/** Bytes of heap in use after a full collection. */
function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

// Three ways to hold the count per client.
const unpruned = new Map<string, { hits: number; resetAt: number }>();
const store = new MemoryStore();
rateLimiter({ windowMs, keyGenerator: () => '', store }); // the limiter starts its store's clock
const capped = new LRUCache<string, { hits: number }>({ max: 20_000, ttl: windowMs });

const ways = [
  { name: 'Map, never pruned', hit: (key: string) => unpruned.set(key, { hits: 1, resetAt: Date.now() + windowMs }), size: () => unpruned.size },
  { name: "hono-rate-limiter's MemoryStore", hit: (key: string) => store.increment(key), size: () => store.current.size + store.previous.size },
  { name: 'lru-cache, max 20,000', hit: (key: string) => capped.set(key, { hits: 1 }), size: () => capped.size },
];

for (const { name, hit, size } of ways) {
  const before = heapUsed();
  for (let w = 0; w < windows; w++) {
    for (let i = 0; i < clients; i++) hit(`10.${w}.${i >> 8}.${i & 255}`);
    await sleep(windowMs);
  }
  console.log(`${name.padEnd(32)} ${String(size()).padStart(7)} entries, ${((heapUsed() - before) / 1e6).toFixed(1).padStart(5)} MB more heap`);
}
store.shutdown();
