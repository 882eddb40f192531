// sample: section "The races that leave stale data" — what L2 holds once a write and a miss overlap; run it with node
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { fillIfUnchanged, invalidateAfterWrite, readWithGeneration } from './guarded-fill.ts';
import { sampleProduct } from './product.ts';
import { startRedis } from './redis-server.ts';
import { slowStore } from './slow-store.ts';

type Store = ReturnType<typeof slowStore>;
const KEY = 'product:42';
const TTL_MS = 30_000;
const server = await startRedis();
const l2 = new Redis(server.url);
const newVersion = { ...sampleProduct('42'), version: 2 };

/** The plain miss: ask the store, write what it said into L2. */
async function plainMiss(store: Store) {
  const product = await store.get('42');
  await l2.set(KEY, JSON.stringify(product), 'PX', TTL_MS);
}

const strategies = {
  'delete, then write': {
    write: async (store: Store) => {
      await l2.del(KEY);
      await store.put(newVersion);
    },
    miss: plainMiss,
  },
  'write, then delete': {
    write: async (store: Store) => {
      await store.put(newVersion);
      await l2.del(KEY);
    },
    miss: plainMiss,
  },
  'write, then bump and delete': {
    write: async (store: Store) => {
      await store.put(newVersion);
      await invalidateAfterWrite(l2, KEY);
    },
    miss: async (store: Store) => {
      const { generation } = await readWithGeneration(l2, KEY); // before the store is asked
      const product = await store.get('42');
      await fillIfUnchanged(l2, KEY, generation, JSON.stringify(product), TTL_MS);
    },
  },
};

const scenarios = {
  'a quick miss during a slow write': { readMs: 10, writeMs: 50, missAt: 10, writeAt: 0 },
  'a slow miss across a quick write': { readMs: 100, writeMs: 20, missAt: 0, writeAt: 20 },
};

console.log(`${''.padEnd(28)} ${Object.keys(scenarios).join('   ')}`);
for (const [name, { write, miss }] of Object.entries(strategies)) {
  const outcomes = [];
  for (const { readMs, writeMs, missAt, writeAt } of Object.values(scenarios)) {
    await l2.flushall();
    const store = slowStore(readMs, writeMs);
    await Promise.all([sleep(writeAt).then(() => write(store)), sleep(missAt).then(() => miss(store))]);
    const cached = await l2.get(KEY);
    const version = cached === null ? undefined : (JSON.parse(cached) as { version: number }).version;
    outcomes.push(version === undefined ? 'empty: fresh' : `version ${version}: ${version === 2 ? 'fresh' : 'stale'}`);
  }
  console.log(`${name.padEnd(28)} ${outcomes.map((outcome) => outcome.padEnd(32)).join('   ')}`);
}
l2.disconnect();
await server.stop();
