/**
 * Lab 08's costs and gains, measured in one run:
 *
 * - Redis start-up per check: `redis-server` spawned on a free port until it answers PING, then
 *   stopped and its folder removed (what every check needing Redis pays), median and worst of N;
 * - spawn → first answer of the reference service with a real Redis (REDIS_URL), with its in-memory
 *   stand-in (no REDIS_URL), and of a bare node:http hello-world, interleaved, median of N;
 * - requests per second of GET /products/1 through the reference against the starter (which reads the
 *   store on every request), in the same run: once with L1 answering (HIT-L1), once with L1_TTL_MS=1 so
 *   every request goes to Redis (HIT-L2). The store is the checks' record store on loopback, with no
 *   delay: a real store is slower, so the gain here is the least a cache gives. A negative
 *   `overheadMicrosPerRequest` is time saved per request.
 *
 *   node bench/cache.ts [--runs 10 --rounds 3 --seconds 3 --concurrency 10]
 *
 * bench/run.ts can call benchCache() for its results; run alone it prints tables.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findLab } from '../labs/index.ts';
import { fakeOfKind } from '../src/engine/node/fake-dependency.ts';
import { loadSubmission } from '../src/engine/node/grade.ts';
import { labFolders, projectNodeModules } from '../src/engine/node/project-paths.ts';
import { LocalRedis } from '../src/engine/node/redis-server.ts';
import { createWorkdir } from '../src/engine/node/workdir.ts';
import { HELLO_WORLD, median, timeToFirstAnswer } from './first-answer.ts';
import { compareThroughput, DEFAULT_LOAD, type LoadOptions } from './throughput.ts';

const LAB_ID = '08-caching';
const round = (n: number) => Math.round(n * 10) / 10;

/** ms from spawning redis-server to its first PONG, and to stopped and removed. */
async function redisStartup(runs: number) {
  const startMs: number[] = [];
  const stopMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const redis = await LocalRedis.launch();
    startMs.push(performance.now() - started);
    const stopping = performance.now();
    await redis.dispose();
    stopMs.push(performance.now() - stopping);
  }
  return { runs, startMedianMs: round(median(startMs)), startMaxMs: round(Math.max(...startMs)), stopMedianMs: round(median(stopMs)) };
}

/** Spawn → first answer of the reference with a real Redis, with the stand-in, and of bare Node. */
async function serviceStartup(runs: number, redisUrl: string, storeUrl: string) {
  const lab = findLab(LAB_ID)!;
  const reference = await loadSubmission(lab, labFolders(LAB_ID).solution);
  const workdir = await createWorkdir(reference.files, { linkNodeModules: projectNodeModules });
  const helloDir = await mkdtemp(join(tmpdir(), 'operable-bench-'));
  await writeFile(join(helloDir, 'hello.mjs'), HELLO_WORLD);
  const times = { withRedis: [] as number[], withStandIn: [] as number[], bareNode: [] as number[] };
  try {
    const env = { ...lab.manifest.env, STORE_URL: storeUrl };
    for (let i = 0; i < runs; i++) {
      times.withRedis.push(await timeToFirstAnswer(workdir.path, lab.manifest.entry, { ...env, REDIS_URL: redisUrl }));
      times.withStandIn.push(await timeToFirstAnswer(workdir.path, lab.manifest.entry, env));
      times.bareNode.push(await timeToFirstAnswer(helloDir, 'hello.mjs'));
    }
  } finally {
    await workdir.remove();
    await rm(helloDir, { recursive: true, force: true });
  }
  const bare = median(times.bareNode);
  return {
    runs,
    withRedisMedianMs: round(median(times.withRedis)),
    withStandInMedianMs: round(median(times.withStandIn)),
    bareNodeMedianMs: round(bare),
    ratioWithRedis: round(median(times.withRedis) / bare),
  };
}

export async function benchCache({ runs = 10, load = DEFAULT_LOAD }: { runs?: number; load?: LoadOptions } = {}) {
  const lab = findLab(LAB_ID)!;
  const redisStart = await redisStartup(runs);
  const [redis, store] = await Promise.all([LocalRedis.launch(), fakeOfKind('store', 'record-store').listen()]);
  try {
    const startup = await serviceStartup(runs, redis.url, store.url);
    const variants = {
      withFeature: await loadSubmission(lab, labFolders(LAB_ID).solution),
      withoutFeature: await loadSubmission(lab), // the starter: the store on every request
    };
    const env = { ...lab.manifest.env, STORE_URL: store.url, REDIS_URL: redis.url };
    const l1 = await compareThroughput({ path: '/products/1', env, ...variants }, load);
    await redis.command('FLUSHALL');
    const l2 = await compareThroughput({ path: '/products/1', env: { ...env, L1_TTL_MS: '1' }, ...variants }, load);
    return {
      lab: LAB_ID,
      redisStartup: redisStart,
      startup,
      throughput: [
        { answeredBy: 'L1 (HIT-L1) vs the store', ...l1 },
        { answeredBy: 'Redis (HIT-L2) vs the store', ...l2 },
      ],
    };
  } finally {
    await Promise.all([redis.dispose(), store.dispose()]);
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '10' },
    },
  });
  const result = await benchCache({
    runs: Number(values.runs),
    load: { rounds: Number(values.rounds), seconds: Number(values.seconds), concurrency: Number(values.concurrency) },
  });
  console.table([result.redisStartup]);
  console.table([result.startup]);
  console.table(result.throughput);
}
