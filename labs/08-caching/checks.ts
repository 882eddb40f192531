/**
 * @module
 * The checks of lab 08, caching. Each starts its own product store (a record store that counts its
 * reads and can be made slow, see src/engine/node/record-store.ts) and either one instance with the
 * in-memory stand-in for Redis (no REDIS_URL: what a WebContainer can run too) or a real Redis with two
 * instances on it, as two replicas behind a load balancer. Checks read X-Cache, the store's count of
 * reads, and Redis itself (KEYS, PTTL), and stop and start Redis to see the service live through it.
 *
 * Each requirement lesson 08 states (its section in brackets) → the checks that prove it:
 *
 * - listens on PORT and HOST, answers GET /products/:id with the store's product ("The lab")
 *   → service.answers, service.listens-on-host
 * - X-Cache: HIT-L1, HIT-L2 or MISS on every product answer, saying which tier answered ("X-Cache: say
 *   which tier answered") → every check that reads a product; MISS then HIT-L1 → cache.miss-then-hit-l1;
 *   HIT-L2 → cache.l2-shared
 * - L2 is shared: a product one instance read is a HIT-L2 on another, then a HIT-L1 there ("The two-tier
 *   read path") → cache.l2-shared
 * - L1 entries expire after L1_TTL_MS, and the next read falls back to L2 ("TTLs") → cache.l1-expires
 * - L2 entries carry a TTL of L2_TTL_MS in Redis (PTTL), and expire ("TTLs") → cache.l2-expires
 * - concurrent misses for one product make one store read ("Cache stampede and single flight")
 *   → cache.single-flight
 * - a write on one instance is never read stale on another 100 ms after it answered: pub/sub drops
 *   every L1 copy ("Invalidation across instances") → cache.write-reaches-other-instance
 * - … and the write deletes the L2 entry ("Delete, don't update") → cache.write-clears-l2
 * - the cache is invalidated after the store's write, not before ("Delete after the write")
 *   → cache.invalidates-after-write
 * - a load in flight when the invalidation arrives fills neither tier, and a read after the message
 *   loads anew ("The races that leave stale data") → cache.load-across-write-fills-nothing
 * - a write drops the writer's own L1 copy without the message, and an instance whose subscriber was
 *   away clears its L1 on reconnecting ("Pub/sub: fast, and forgetful") → cache.l1-cleared-after-reconnect
 * - a cache error (an error reply, a value that is not a product) is a miss, never a failed request
 *   ("Never fail a request for a cache error") → cache.errors-never-fail-request
 * - with Redis down, reads and writes answer from the store at once ("Fail fast")
 *   → cache.answers-while-redis-down
 * - the outage is logged by the service once when it starts and once when it ends, with no unhandled
 *   ioredis error event ("Fail fast", "Coming back") → cache.outage-logged-once
 * - when Redis comes back, the cache and the invalidations work again ("Coming back")
 *   → cache.recovers-when-redis-returns
 *
 * Not checked, with the reason in the lesson: TTL jitter (the L2 check accepts a TTL up to a quarter
 * above L2_TTL_MS, and any below it), negative caching (the lab's store has every product),
 * single flight across instances (the lesson weighs a lock in Redis against its cost), and a load that
 * answers after a write landed but before its invalidation message (the version guard's race: a window
 * of one Redis round trip, which no check can time).
 *
 * Margins: the TTLs under test are 1 s (L1) and 2 s (L2): long enough for the requests and Redis
 * commands that must fit in them on a busy machine; expiry is judged a quarter of the TTL plus 150 ms
 * after it (room for jitter). "Never stale after 100 ms" is judged 100 ms after the write answered, as
 * the contract says; "at once" with Redis down means within 2 s (ioredis's defaults wait about ten
 * seconds a command). Recovery is awaited up to 8 s after Redis is back (ioredis reconnects with a
 * growing delay, 2 s at most by default).
 */
import { listensOnHost } from '../../src/engine/common-checks.ts';
import { type CheckContext, defineCheck, expectThat, fail } from '../../src/engine/check.ts';
import { describeOutcome } from '../../src/engine/describe.ts';
import type { FakeDependency, HttpOutcome, RedisServer, ServiceInstance } from '../../src/engine/harness.ts';

const LESSON = 'Lesson 08';
const SOURCES = ['HIT-L1', 'HIT-L2', 'MISS'];
/** TTLs long enough never to expire during a check that is not about expiry. */
const LONG_TTLS = { L1_TTL_MS: '20000', L2_TTL_MS: '60000' };
/** A store slow enough for requests to overlap on a busy machine. */
const SLOW_STORE_MS = 400;
/** How late after a write the contract allows a stale read. */
const INVALIDATION_MS = 100;
/** "At once", while Redis is down: ioredis's defaults make a command wait about ten seconds. */
const ANSWER_WITHOUT_REDIS_MS = 2000;
/** A store slow enough that a read can reach it well after a write did, and answer well after the write landed. */
const STRADDLING_STORE_MS = 1000;
/** Long enough for several reconnection attempts on each connection (ioredis's default delays: 50 ms, 100 ms, …). */
const OUTAGE_MS = 3000;
/** One line per connection when the outage starts, and room for one more each. */
const OUTAGE_LINES_AT_MOST = 4;

interface Product {
  id: string;
  name?: unknown;
  version?: unknown;
}

interface Answer {
  source: string;
  product: Product;
  durationMs: number;
}

const shown = (outcome: HttpOutcome) =>
  outcome.kind === 'response' ? `${describeOutcome(outcome)}: ${outcome.body.slice(0, 200) || '(empty body)'}` : describeOutcome(outcome);

const describeProduct = ({ product, source }: Answer) => `version ${String(product.version)} named ${JSON.stringify(product.name)} (X-Cache: ${source})`;

/** The store and one instance with the in-memory stand-in for Redis (REDIS_URL unset). */
async function startAlone(context: CheckContext, env: Record<string, string> = {}) {
  context.step('starting the product store');
  const store = await context.startFake('store', 'record-store');
  context.step('starting the service (no REDIS_URL: its in-memory stand-in)');
  const a = await context.start({ env: { STORE_URL: store.url, ...LONG_TTLS, ...env } });
  return { store, a };
}

/** A real Redis, the store, and two instances A and B sharing both. */
async function startPair(context: CheckContext, env: Record<string, string> = {}) {
  context.step('starting Redis and the product store');
  const [store, redis] = await Promise.all([context.startFake('store', 'record-store'), context.startRedis()]);
  context.step('starting instances A and B on one Redis');
  const options = { env: { STORE_URL: store.url, REDIS_URL: redis.url, ...LONG_TTLS, ...env } };
  const [a, b] = await Promise.all([context.start(options), context.start(options)]);
  return { store, redis, a, b };
}

/** GET /products/:id, which must answer 200 with that product and a valid X-Cache. */
async function read(service: ServiceInstance, name: string, id: string, timeoutMs = 5000): Promise<Answer> {
  const request = `GET /products/${id} on instance ${name}`;
  const outcome = await service.request(`/products/${id}`, { timeoutMs });
  if (outcome.kind !== 'response' || outcome.status !== 200) fail(`${request} to answer 200 with the product`, shown(outcome));
  let product: Product | undefined;
  try {
    product = JSON.parse(outcome.body) as Product;
  } catch {
    // judged below
  }
  if (product?.id !== id) fail(`${request} to answer the product as JSON, with "id": "${id}"`, `the body ${outcome.body.slice(0, 200)}`);
  const source = outcome.headers['x-cache'] ?? '';
  expectThat(SOURCES.includes(source), `X-Cache: HIT-L1, HIT-L2 or MISS on every answer to ${request}`, () => (source ? `X-Cache: ${source}` : 'no X-Cache header'));
  return { source, product, durationMs: outcome.durationMs };
}

/** PUT /products/:id with `fields`, which must answer 200 with the product as stored. */
async function write(service: ServiceInstance, name: string, id: string, fields: Record<string, unknown>, timeoutMs = 5000): Promise<{ product: Product; durationMs: number }> {
  const outcome = await service.request(`/products/${id}`, {
    method: 'PUT',
    body: JSON.stringify(fields),
    headers: { 'content-type': 'application/json' },
    timeoutMs,
  });
  const expected = `PUT /products/${id} on instance ${name} to answer 200 with the product as stored`;
  if (outcome.kind !== 'response' || outcome.status !== 200) fail(expected, shown(outcome));
  try {
    return { product: JSON.parse(outcome.body) as Product, durationMs: outcome.durationMs };
  } catch {
    fail(expected, `the body ${outcome.body.slice(0, 200) || '(empty)'}`);
  }
}

/** How often the store was asked for this product. */
const storeReads = (store: FakeDependency, id: string) => store.received().filter((request) => request.method === 'GET' && request.path === `/products/${id}`).length;

/** The one key in Redis that names the product, as the lab's contract asks (e.g. `product:42`). */
async function l2KeyOf(redis: RedisServer, id: string): Promise<string> {
  const all = await redis.command('KEYS', '*');
  const keys = all.filter((key) => key.includes(id));
  expectThat(
    keys.length === 1,
    `one key in Redis naming product ${id} (e.g. product:${id}) once a read missed it, holding it for every instance`,
    () =>
      keys.length
        ? `${keys.length} keys naming it: ${keys.slice(0, 5).join(', ')}`
        : all.length
          ? `no key containing "${id}"; Redis holds ${all.slice(0, 5).join(', ')}`
          : 'no key at all in Redis: nothing was written to L2',
  );
  return keys[0]!;
}

/** Fails unless `answer` is the product as written. */
function expectFresh(answer: Answer, written: Product, what: string, observed: (answer: Answer) => string): void {
  expectThat(answer.product.version === written.version && answer.product.name === written.name, what, () => observed(answer));
}

export const serviceAnswers = defineCheck({
  id: 'service.answers',
  title: 'The service starts and answers GET /products/:id with the store\'s product',
  points: 1,
  hint: `${LESSON}, "The lab": the service listens on process.env.PORT, reads the store at STORE_URL, and keeps the routes of src/app.ts.`,
  async run(context) {
    const { a } = await startAlone(context);
    const root = await a.request('/');
    expectThat(root.kind === 'response' && root.status === 200, 'GET / to answer HTTP 200', () => shown(root));
    await read(a, 'A', '1');
  },
});

export const listensOnHostCheck = listensOnHost({
  lesson: LESSON,
  prepare: async (context) => ({ env: { STORE_URL: (await context.startFake('store', 'record-store')).url } }),
});

export const missThenHitL1 = defineCheck({
  id: 'cache.miss-then-hit-l1',
  title: 'A product\'s first read is a MISS from the store, the next one a HIT-L1 that spares the store',
  points: 2,
  hint: `${LESSON}, "The two-tier read path" and "X-Cache: say which tier answered": try L1, then L2, then the store, fill the tiers above, and report the tier that answered.`,
  async run(context) {
    const { store, a } = await startAlone(context);
    context.step('reading product 101 twice');
    const first = await read(a, 'A', '101');
    expectThat(first.source === 'MISS', 'the first GET /products/101 to be X-Cache: MISS: nothing was cached yet', () => `X-Cache: ${first.source}`);
    const second = await read(a, 'A', '101');
    expectThat(second.source === 'HIT-L1', 'the second GET /products/101, at once on the same instance, to be X-Cache: HIT-L1', () => `X-Cache: ${second.source}`);
    expectThat(second.product.version === first.product.version, 'the cached product to be the one the store gave', () => `version ${String(second.product.version)} after ${String(first.product.version)}`);
    const reads = storeReads(store, '101');
    expectThat(reads === 1, 'one read of product 101 from the store for the two requests', () => `${reads} store reads`);
  },
});

export const l1Expires = defineCheck({
  id: 'cache.l1-expires',
  title: 'An L1 entry expires after L1_TTL_MS, and the next read comes from L2',
  points: 2,
  hint: `${LESSON}, "TTLs": give the LRU a ttl of L1_TTL_MS (milliseconds, as lru-cache counts) so an instance's copy cannot outlive it.`,
  async run(context) {
    // Long enough that two requests in a row fit in it on a busy machine.
    const ttlMs = 1000;
    const { store, a } = await startAlone(context, { L1_TTL_MS: String(ttlMs) });
    context.step('reading product 111, then again at once');
    await read(a, 'A', '111');
    const cachedAt = performance.now();
    const again = await read(a, 'A', '111');
    expectThat(again.source === 'HIT-L1', `a second read within L1_TTL_MS=${ttlMs} to be X-Cache: HIT-L1`, () => `X-Cache: ${again.source}`);
    const waitMs = ttlMs * 1.25 + 150;
    context.measure('inherentWaitMs', waitMs);
    context.step(`waiting until ${waitMs} ms after the product was cached`);
    await context.sleep(Math.max(0, waitMs - (performance.now() - cachedAt)));
    const later = await read(a, 'A', '111');
    expectThat(
      later.source === 'HIT-L2',
      `a read ${waitMs} ms after the product was cached, with L1_TTL_MS=${ttlMs} and L2_TTL_MS=${LONG_TTLS.L2_TTL_MS}, to come from L2 (X-Cache: HIT-L2): L1 expired, L2 not`,
      () => `X-Cache: ${later.source}${later.source === 'HIT-L1' ? ': the L1 entry outlived L1_TTL_MS' : ''} (${storeReads(store, '111')} store reads)`,
    );
  },
});

export const singleFlight = defineCheck({
  id: 'cache.single-flight',
  title: '50 concurrent misses for one product make one store read',
  points: 2,
  hint: `${LESSON}, "Cache stampede and single flight": keep the promise of the load in flight per product and let every request that misses meanwhile await it; forget it once it settles.`,
  async run(context) {
    const { store, a } = await startAlone(context);
    store.setMode({ kind: 'slow', delayMs: SLOW_STORE_MS });
    context.measure('inherentWaitMs', SLOW_STORE_MS);
    context.step(`sending 50 concurrent GET /products/303 while the store takes ${SLOW_STORE_MS} ms a read`);
    const answers = await Promise.all(Array.from({ length: 50 }, () => read(a, 'A', '303', 10_000)));
    const reads = storeReads(store, '303');
    context.measure('storeReads', reads);
    expectThat(
      reads === 1,
      '50 concurrent requests for product 303, none of it cached, to make one store read: the others wait for it',
      () => `${reads} store reads (X-Cache: ${[...new Set(answers.map((answer) => answer.source))].join(', ')})`,
    );
  },
});

export const l2Shared = defineCheck({
  id: 'cache.l2-shared',
  needs: ['redis'],
  title: 'A product instance A read is a HIT-L2 on instance B, then a HIT-L1 there',
  points: 2,
  hint: `${LESSON}, "The two-tier read path": on an L1 miss, read Redis (a connection that is not the subscriber's); a hit there fills L1 and answers HIT-L2.`,
  async run(context) {
    const { store, a, b } = await startPair(context);
    context.step('reading product 202 on A, then twice on B');
    const onA = await read(a, 'A', '202');
    expectThat(onA.source === 'MISS', 'the first read of product 202, on A, to be X-Cache: MISS', () => `X-Cache: ${onA.source}`);
    const onB = await read(b, 'B', '202');
    expectThat(
      onB.source === 'HIT-L2',
      'the first read of product 202 on instance B, after A read it, to come from Redis (X-Cache: HIT-L2)',
      () => `X-Cache: ${onB.source} (${storeReads(store, '202')} store reads)`,
    );
    const againOnB = await read(b, 'B', '202');
    expectThat(againOnB.source === 'HIT-L1', 'the second read on B to be X-Cache: HIT-L1: an L2 hit fills L1', () => `X-Cache: ${againOnB.source}`);
    const reads = storeReads(store, '202');
    expectThat(reads === 1, 'one store read of product 202 for three reads on two instances', () => `${reads} store reads`);
  },
});

export const l2Expires = defineCheck({
  id: 'cache.l2-expires',
  needs: ['redis'],
  title: 'An L2 entry carries a TTL of L2_TTL_MS in Redis, and expires',
  points: 2,
  hint: `${LESSON}, "TTLs": set the value with its TTL in one command, SET key value PX L2_TTL_MS (PX counts milliseconds, EX seconds).`,
  async run(context) {
    // Long enough that finding the key and asking its PTTL fit in it on a busy machine.
    const l2TtlMs = 2000;
    const { store, redis, a, b } = await startPair(context, { L1_TTL_MS: '200', L2_TTL_MS: String(l2TtlMs) });
    context.step('reading product 404 on A');
    await read(a, 'A', '404');
    const cachedAt = performance.now();
    const key = await l2KeyOf(redis, '404');
    const [pttl = ''] = await redis.command('PTTL', key);
    const ttl = Number(pttl);
    const elapsedMs = performance.now() - cachedAt;
    context.measure('pttlMs', ttl);
    // Jitter may shorten a TTL, or lengthen it a little; half of it, or a quarter more, is another TTL.
    const shortest = l2TtlMs / 2 - elapsedMs;
    expectThat(
      ttl > 0 && ttl >= shortest && ttl <= l2TtlMs * 1.25,
      `the L2 entry ${key} to live for L2_TTL_MS=${l2TtlMs} ms: Redis's PTTL, ${Math.round(elapsedMs)} ms after it was written, between ${Math.round(shortest)} and ${l2TtlMs * 1.25} ms (room for jitter)`,
      () =>
        ttl === -1
          ? `PTTL ${key} = -1: no TTL, the entry lives until Redis evicts it`
          : ttl === -2
            ? `PTTL ${key} = -2: the entry had expired already, so its TTL was far shorter than L2_TTL_MS (L1_TTL_MS?)`
            : `PTTL ${key} = ${pttl} ms${ttl > l2TtlMs * 100 ? ': seconds where milliseconds were meant (EX instead of PX)' : ttl < shortest ? ': another TTL than L2_TTL_MS (L1_TTL_MS?)' : ''}`,
    );
    const waitMs = l2TtlMs * 1.25 + 150;
    context.measure('inherentWaitMs', waitMs);
    context.step(`waiting until ${waitMs} ms after the product was cached`);
    await context.sleep(Math.max(0, waitMs - (performance.now() - cachedAt)));
    const onB = await read(b, 'B', '404');
    expectThat(
      onB.source === 'MISS',
      `instance B's first read of product 404, ${waitMs} ms after A cached it with L2_TTL_MS=${l2TtlMs}, to be X-Cache: MISS: the entry expired`,
      () => `X-Cache: ${onB.source}`,
    );
    const reads = storeReads(store, '404');
    expectThat(reads === 2, 'a second store read of product 404 after its L2 entry expired', () => `${reads} store reads`);
  },
});

export const writeReachesOtherInstance = defineCheck({
  id: 'cache.write-reaches-other-instance',
  needs: ['redis'],
  title: `A write on instance A is never read stale on instance B ${INVALIDATION_MS} ms later, though B held the product in L1`,
  points: 3,
  hint: `${LESSON}, "Invalidation across instances": after the write, publish the product's id on a channel every instance subscribes to (on a connection of its own), and drop the L1 entry when the message arrives.`,
  async run(context) {
    const { a, b } = await startPair(context);
    context.step('reading product 505 on A, then twice on B');
    await read(a, 'A', '505');
    await read(b, 'B', '505');
    const held = await read(b, 'B', '505');
    expectThat(held.source === 'HIT-L1', 'instance B to hold product 505 in L1 after reading it twice (X-Cache: HIT-L1), before the write', () => `X-Cache: ${held.source}`);
    context.step('writing product 505 on A');
    const { product: written } = await write(a, 'A', '505', { name: 'Renamed on A' });
    context.measure('inherentWaitMs', INVALIDATION_MS);
    await context.sleep(INVALIDATION_MS);
    context.step(`reading product 505 on B ${INVALIDATION_MS} ms after the write answered`);
    const onB = await read(b, 'B', '505');
    expectFresh(
      onB,
      written,
      `instance B to answer the written product (version ${String(written.version)} named "Renamed on A") ${INVALIDATION_MS} ms after the write on A answered: the invalidation message drops B's L1 copy`,
      (stale) => `the old product from B: ${describeProduct(stale)}`,
    );
    const onA = await read(a, 'A', '505');
    expectFresh(onA, written, 'instance A to answer the product it wrote', (stale) => `A answered ${describeProduct(stale)}`);
  },
});

export const writeClearsL2 = defineCheck({
  id: 'cache.write-clears-l2',
  needs: ['redis'],
  title: 'A write deletes the product from Redis: an instance without its own copy never reads the old one',
  points: 2,
  hint: `${LESSON}, "Delete, don't update": after the store's write, DEL the product's key in Redis, so the next read anywhere loads the new product.`,
  async run(context) {
    const { redis, a, b } = await startPair(context);
    context.step('reading product 606 on A');
    await read(a, 'A', '606');
    await l2KeyOf(redis, '606');
    context.step('writing product 606 on B, which never read it');
    const { product: written } = await write(b, 'B', '606', { name: 'Renamed on B' });
    context.measure('inherentWaitMs', INVALIDATION_MS);
    await context.sleep(INVALIDATION_MS);
    const onB = await read(b, 'B', '606');
    expectFresh(
      onB,
      written,
      `instance B, which held no copy of product 606, to read the product it wrote (version ${String(written.version)}): the write deletes the L2 entry`,
      (stale) => `${describeProduct(stale)}${stale.source === 'HIT-L2' ? ': the old product, still in Redis' : ''}`,
    );
  },
});

export const invalidatesAfterWrite = defineCheck({
  id: 'cache.invalidates-after-write',
  needs: ['redis'],
  title: 'The cache is invalidated after the store\'s write: a read during a slow write cannot put the old product back',
  points: 3,
  hint: `${LESSON}, "Delete after the write": await the store's write, then delete and publish. Invalidated first, a read arriving before the write lands reloads the old product and caches it again.`,
  async run(context) {
    const { store, a, b } = await startPair(context);
    context.step('reading product 707 on A, then twice on B');
    await read(a, 'A', '707');
    await read(b, 'B', '707');
    const held = await read(b, 'B', '707');
    expectThat(held.source === 'HIT-L1', 'instance B to hold product 707 in L1 before the write', () => `X-Cache: ${held.source}`);
    store.setMode({ kind: 'slow', delayMs: SLOW_STORE_MS });
    context.measure('inherentWaitMs', SLOW_STORE_MS + INVALIDATION_MS);
    context.step(`writing product 707 on A while the store takes ${SLOW_STORE_MS} ms, and reading it on B meanwhile`);
    const writing = write(a, 'A', '707', { name: 'Renamed during a read' });
    writing.catch(() => {}); // awaited below, after the read
    await context.sleep(SLOW_STORE_MS / 3);
    const during = await read(b, 'B', '707');
    const { product: written } = await writing;
    store.setMode({ kind: 'up' });
    await context.sleep(INVALIDATION_MS);
    context.step('reading product 707 on both instances after the write and the read answered');
    for (const [name, service] of [['B', b], ['A', a]] as const) {
      const after = await read(service, name, '707');
      expectFresh(
        after,
        written,
        `instance ${name} to answer the written product (version ${String(written.version)}) once the write answered`,
        (stale) =>
          `${describeProduct(stale)}: the read on B during the write answered ${describeProduct(during)}${during.source === 'MISS' ? ', from the store before the write landed, and cached it after the invalidation' : ''}`,
      );
    }
  },
});

export const loadAcrossWriteFillsNothing = defineCheck({
  id: 'cache.load-across-write-fills-nothing',
  needs: ['redis'],
  title: 'A read that loaded the old product across a write fills no cache, and no later read gets its answer',
  points: 2,
  hint: `${LESSON}, "The races that leave stale data": when the invalidation arrives while a load of that product is in flight, forget the load: it must fill neither L1 nor L2, and a read arriving after the message starts a load of its own.`,
  async run(context) {
    const { store, a, b } = await startPair(context);
    // B's reads reach the store half a store read after the writes did, so they see the old products and
    // answer half a store read after the writes landed (and were invalidated): misses that straddle a write.
    const storeMs = STRADDLING_STORE_MS;
    store.setMode({ kind: 'slow', delayMs: storeMs });
    context.measure('inherentWaitMs', storeMs * 2 + INVALIDATION_MS * 2);
    context.step(`writing products 1101 and 1102 on A while the store takes ${storeMs} ms, and reading both on B halfway through`);
    const writes = ['1101', '1102'].map((id) => write(a, 'A', id, { name: `Written across a read (${id})` }, storeMs * 5));
    for (const pending of writes) pending.catch(() => {}); // awaited below
    await context.sleep(storeMs / 2);
    const during = ['1101', '1102'].map((id) => read(b, 'B', id, storeMs * 5));
    for (const pending of during) pending.catch(() => {}); // awaited below
    const [first, second] = await Promise.all(writes);
    await context.sleep(INVALIDATION_MS);
    context.step(`reading product 1102 on B ${INVALIDATION_MS} ms after the write answered, while B's earlier load of it still runs`);
    const afterWrite = read(b, 'B', '1102', storeMs * 5);
    afterWrite.catch(() => {}); // awaited below
    await Promise.all(during);
    context.step('reading product 1102 on B again once the old load answered, while the new one runs');
    const joining = await read(b, 'B', '1102', storeMs * 5);
    for (const [answer, when] of [[await afterWrite, `${INVALIDATION_MS} ms after the write on A answered`], [joining, 'once the old load answered']] as const) {
      expectFresh(
        answer,
        second!.product,
        `a read of product 1102 on B ${when} to get the written product (version ${String(second!.product.version)}): the invalidation forgets the load in flight, so a later read loads anew`,
        (stale) => `${describeProduct(stale)}: ${stale.source === 'HIT-L1' ? 'what the load that began before the write put in L1' : 'the answer of the load that began before the write'}`,
      );
    }
    const reads = storeReads(store, '1102');
    expectThat(
      reads === 2,
      'two store reads of product 1102 on B: the load across the write, and one new load that the reads after it share (the old load, settling, must not drop the new one from the single-flight map)',
      () => `${reads} store reads`,
    );
    store.setMode({ kind: 'up' });
    await context.sleep(INVALIDATION_MS);
    context.step('reading product 1101 on both instances once every request answered');
    for (const [name, service] of [['B', b], ['A', a]] as const) {
      const after = await read(service, name, '1101');
      expectFresh(
        after,
        first!.product,
        `instance ${name} to answer the written product 1101 (version ${String(first!.product.version)}) once the write and B's read across it answered`,
        (stale) => `${describeProduct(stale)}: B's load, which read the store before the write landed, filled ${stale.source === 'HIT-L1' ? 'L1' : 'the cache'} after the invalidation`,
      );
    }
  },
});

export const l1ClearedAfterReconnect = defineCheck({
  id: 'cache.l1-cleared-after-reconnect',
  needs: ['redis'],
  title: 'Invalidations missed while Redis was down do not leave L1 stale: the writer forgets at once, the others on reconnecting',
  points: 2,
  hint: `${LESSON}, "Pub/sub: fast, and forgetful": a write drops the writer's own L1 copy itself, and an instance whose subscribing connection dropped clears its whole L1 when it is ready again, since the messages published meanwhile are lost.`,
  timeoutMs: 30_000,
  async run(context) {
    const { redis, a, b } = await startPair(context);
    context.step('reading product 1201 on A, then twice on B');
    await read(a, 'A', '1201');
    await read(b, 'B', '1201');
    const held = await read(b, 'B', '1201');
    expectThat(held.source === 'HIT-L1', 'instance B to hold product 1201 in L1 before Redis stops', () => `X-Cache: ${held.source}`);
    context.step('stopping Redis, then writing product 1201 on A and reading it there');
    await redis.stop();
    const { product: written } = await write(a, 'A, with Redis down,', '1201', { name: 'Written while Redis is down' }, ANSWER_WITHOUT_REDIS_MS * 2);
    const onA = await read(a, 'A, with Redis down,', '1201', ANSWER_WITHOUT_REDIS_MS * 2);
    expectFresh(onA, written, 'instance A to answer the product it wrote while Redis is down: the write drops its own L1 copy, with no message needed', (stale) => `A answered ${describeProduct(stale)}`);
    context.measure('inherentWaitMs', 300 + INVALIDATION_MS);
    await context.sleep(300);
    await redis.start();
    const backAt = performance.now();
    const deadlineMs = 8000;

    context.step('writing product 1290 on A until the invalidation reaches B again (its subscriber is back)');
    for (let attempt = 1; ; attempt++) {
      await read(b, 'B', '1290');
      const { product: probe } = await write(a, 'A', '1290', { name: `Written after Redis came back (${attempt})` });
      await context.sleep(INVALIDATION_MS);
      if ((await read(b, 'B', '1290')).product.version === probe.version) break;
      if (performance.now() - backAt > deadlineMs) {
        fail(`within ${deadlineMs / 1000} s of Redis coming back, a write on A to reach B's L1 again (the subscriber resubscribes)`, `${attempt} writes, each still read stale on B`);
      }
      await context.sleep(200);
    }
    context.step('reading product 1201 on B, written while its subscriber was away');
    const onB = await read(b, 'B', '1201');
    expectFresh(
      onB,
      written,
      `instance B, back on Redis, to answer the product written while Redis was down (version ${String(written.version)}): the invalidation was lost, so B clears its L1 on reconnecting`,
      (stale) => `${describeProduct(stale)}${stale.source === 'HIT-L1' ? ': the old copy in L1, kept across the reconnection until L1_TTL_MS' : ''}`,
    );
  },
});

export const errorsNeverFailRequest = defineCheck({
  id: 'cache.errors-never-fail-request',
  needs: ['redis'],
  title: 'A cache error is a miss, never a failed request',
  points: 2,
  hint: `${LESSON}, "Never fail a request for a cache error": catch every Redis call's error (and a value that does not parse) and go on to the store.`,
  async run(context) {
    const { redis, a, b } = await startPair(context);
    const cases = [
      { id: '808', what: 'an error reply (WRONGTYPE: the key holds a list)', spoil: (key: string) => redis.command('DEL', key).then(() => redis.command('RPUSH', key, 'not a product')) },
      { id: '809', what: 'a value that is not a product (the text "not json {")', spoil: (key: string) => redis.command('SET', key, 'not json {') },
    ];
    for (const { id, what, spoil } of cases) {
      context.step(`reading product ${id} on A, then spoiling its L2 entry`);
      await read(a, 'A', id);
      await spoil(await l2KeyOf(redis, id));
      context.step(`reading product ${id} on B, whose L2 read meets ${what}`);
      const outcome = await b.request(`/products/${id}`, { timeoutMs: 5000 });
      expectThat(
        outcome.kind === 'response' && outcome.status === 200 && outcome.body.includes(`"${id}"`),
        `GET /products/${id} on B to answer 200 with the product, from the store, when Redis answers ${what}`,
        () => shown(outcome),
      );
    }
  },
});

export const answersWhileRedisDown = defineCheck({
  id: 'cache.answers-while-redis-down',
  needs: ['redis'],
  title: 'With Redis down, reads and writes answer from the store at once',
  points: 3,
  hint: `${LESSON}, "Fail fast": give ioredis maxRetriesPerRequest (0 or 1) and a commandTimeout, so a command fails at once instead of waiting for Redis to come back; then the store answers.`,
  timeoutMs: 30_000,
  async run(context) {
    const { redis, a, b } = await startPair(context);
    context.step('reading product 900 on A, then on B');
    await read(a, 'A', '900');
    const viaRedis = await read(b, 'B', '900');
    expectThat(viaRedis.source === 'HIT-L2', 'instance B to read product 900 from Redis (X-Cache: HIT-L2) while Redis is up', () => `X-Cache: ${viaRedis.source}`);
    context.step('stopping Redis');
    await redis.stop();
    const timely = (what: string, durationMs: number) =>
      expectThat(durationMs <= ANSWER_WITHOUT_REDIS_MS, `${what} to answer within ${ANSWER_WITHOUT_REDIS_MS / 1000} s with Redis down`, () => `it took ${Math.round(durationMs)} ms: the request waited for Redis`);
    const timeoutMs = ANSWER_WITHOUT_REDIS_MS * 2;
    const steps: Array<[string, string, () => Promise<{ durationMs: number }>]> = [
      ['GET /products/901 on A (never cached)', 'readMs', () => read(a, 'A, with Redis down,', '901', timeoutMs)],
      ['PUT /products/900 on A', 'writeMs', () => write(a, 'A, with Redis down,', '900', { name: 'Written while Redis is down' }, timeoutMs)],
      ['GET /products/902 on B (never cached)', 'otherInstanceReadMs', () => read(b, 'B, with Redis down,', '902', timeoutMs)],
    ];
    for (const [what, measure, send] of steps) {
      context.step(`${what}, with Redis down`);
      const { durationMs } = await send();
      context.measure(measure, durationMs);
      timely(what, durationMs);
    }
  },
});

export const outageLoggedOnce = defineCheck({
  id: 'cache.outage-logged-once',
  needs: ['redis'],
  title: 'A Redis outage is logged by the service when it starts and when it ends, not at every reconnection attempt',
  points: 1,
  hint: `${LESSON}, "Fail fast" and "Coming back": listen for 'error' on both connections and log the outage once (a flag per connection), then once more on 'ready' when Redis is back. With no listener, ioredis prints "[ioredis] Unhandled error event" and a stack trace at every failed attempt.`,
  timeoutMs: 30_000,
  async run(context) {
    context.step('starting Redis, the product store and one instance');
    const [store, redis] = await Promise.all([context.startFake('store', 'record-store'), context.startRedis()]);
    const a = await context.start({ env: { STORE_URL: store.url, REDIS_URL: redis.url, ...LONG_TTLS } });
    await read(a, 'A', '1301');
    const output = () => `${a.stdout()}${a.stderr()}`;
    const linesSince = (mark: number) => output().slice(mark).split('\n').filter((line) => line.trim());

    const downMs = OUTAGE_MS;
    context.measure('inherentWaitMs', downMs);
    context.step(`stopping Redis for ${downMs / 1000} s, with no request meanwhile`);
    const beforeOutage = output().length;
    await redis.stop();
    await context.sleep(downMs);
    const unhandled = linesSince(beforeOutage).filter((line) => line.includes('Unhandled error event'));
    expectThat(
      unhandled.length === 0,
      'no "[ioredis] Unhandled error event" while Redis is down: an \'error\' listener on each connection (the subscriber\'s too) logs the outage instead',
      () => `${unhandled.length} of them, e.g. ${unhandled[0]!.slice(0, 200)}`,
    );
    const duringOutage = linesSince(beforeOutage);
    expectThat(
      duringOutage.length >= 1 && duringOutage.length <= OUTAGE_LINES_AT_MOST,
      `the outage logged when it starts: between 1 and ${OUTAGE_LINES_AT_MOST} lines (one per connection) in ${downMs / 1000} s of Redis down, with no request, whatever the number of reconnection attempts`,
      () => (duringOutage.length ? `${duringOutage.length} lines, e.g. ${duringOutage[0]!.slice(0, 200)}` : 'no line at all: nobody would know the cache is gone'),
    );

    context.step('starting Redis again');
    const beforeReturn = output().length;
    await redis.start();
    const deadlineMs = 8000;
    const backAt = performance.now();
    while (linesSince(beforeReturn).length === 0) {
      if (performance.now() - backAt > deadlineMs) {
        fail(`within ${deadlineMs / 1000} s of Redis coming back, a line saying so (on 'ready')`, 'no line: the outage\'s end goes unlogged, and the next outage would look like this one');
      }
      await context.sleep(100);
    }
    context.measure('returnLoggedMs', performance.now() - backAt);
  },
});

export const recoversWhenRedisReturns = defineCheck({
  id: 'cache.recovers-when-redis-returns',
  needs: ['redis'],
  title: 'When Redis comes back, the cache and the invalidations work again',
  points: 2,
  hint: `${LESSON}, "Coming back": keep reconnecting (ioredis's retryStrategy must not give up), on both connections; the subscriber resubscribes.`,
  timeoutMs: 30_000,
  async run(context) {
    const { redis, a, b } = await startPair(context);
    context.step('reading product 950 on A, then on B');
    await read(a, 'A', '950');
    const viaRedis = await read(b, 'B', '950');
    expectThat(viaRedis.source === 'HIT-L2', 'instance B to read product 950 from Redis (X-Cache: HIT-L2) while Redis is up', () => `X-Cache: ${viaRedis.source}`);
    context.step('stopping Redis, reading while it is down, starting it again');
    await redis.stop();
    await read(a, 'A', '951', 10_000);
    context.measure('inherentWaitMs', 300 + INVALIDATION_MS);
    await context.sleep(300);
    await redis.start();
    const backAt = performance.now();
    const deadlineMs = 8000;
    const late = () => performance.now() - backAt > deadlineMs;

    context.step('reading products on A then B until B finds one in Redis');
    let lastSource = '';
    for (let attempt = 1; ; attempt++) {
      const id = `96${attempt}`;
      await read(a, 'A', id);
      lastSource = (await read(b, 'B', id)).source;
      if (lastSource === 'HIT-L2') break;
      if (late()) {
        fail(
          `within ${deadlineMs / 1000} s of Redis coming back, a product read on A to be found in Redis by B (X-Cache: HIT-L2)`,
          `${attempt} products read on A and then on B, each X-Cache: ${lastSource} on B: the service stopped using Redis, as a client that does not reconnect would`,
        );
      }
      await context.sleep(200);
    }
    context.measure('cacheBackMs', performance.now() - backAt);

    context.step('writing on A until the invalidation reaches B again');
    for (let attempt = 1; ; attempt++) {
      await read(b, 'B', '990');
      const { product: written } = await write(a, 'A', '990', { name: `Written after Redis came back (${attempt})` });
      await context.sleep(INVALIDATION_MS);
      const onB = await read(b, 'B', '990');
      if (onB.product.version === written.version) break;
      if (late()) {
        fail(
          `within ${deadlineMs / 1000} s of Redis coming back, a write on A to reach B's L1 again (the subscriber resubscribes)`,
          `${attempt} writes, each still read stale on B ${INVALIDATION_MS} ms later: ${describeProduct(onB)}`,
        );
      }
      await context.sleep(200);
    }
    context.measure('invalidationsBackMs', performance.now() - backAt);
  },
});

export const checks = [
  serviceAnswers,
  listensOnHostCheck,
  missThenHitL1,
  l1Expires,
  singleFlight,
  l2Shared,
  l2Expires,
  writeReachesOtherInstance,
  writeClearsL2,
  invalidatesAfterWrite,
  loadAcrossWriteFillsNothing,
  l1ClearedAfterReconnect,
  errorsNeverFailRequest,
  answersWhileRedisDown,
  outageLoggedOnce,
  recoversWhenRedisReturns,
];
