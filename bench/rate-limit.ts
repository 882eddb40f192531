/**
 * The cost of lab 07's rate limiter. Per request: requests per second of the reference service (the
 * per-client and global limiters count every GET /items and set its RateLimit fields) against the
 * starter (its middleware only calls next()), in the same run, interleaved, with limits so high that
 * no request is refused: what is measured is the counting every answered request pays. (Its start-up
 * cost is a row of bench/run.ts's start-up table, as every lab's.)
 *
 *   node bench/rate-limit.ts [--rounds 3 --seconds 3 --concurrency 10]
 *
 * bench/run.ts calls benchRateLimit() for its results; run alone it prints a table.
 */
import { parseArgs } from 'node:util';
import { findLab } from '../labs/index.ts';
import { loadSubmission } from '../src/engine/node/grade.ts';
import { labFolders } from '../src/engine/node/project-paths.ts';
import { compareThroughput, DEFAULT_LOAD, type LoadOptions } from './throughput.ts';

const LAB_ID = '07-rate-limiting';
/** Limits no bench reaches: every request is counted and answered 200, none refused. */
const UNREACHED = '1000000000';

export async function benchRateLimit(load: LoadOptions = DEFAULT_LOAD) {
  const lab = findLab(LAB_ID)!;
  const env = { ...lab.manifest.env, RATE_LIMIT_PER_IP: UNREACHED, RATE_LIMIT_GLOBAL: UNREACHED, RATE_LIMIT_LOGIN: UNREACHED };
  const reference = await loadSubmission(lab, labFolders(LAB_ID).solution);
  const starter = await loadSubmission(lab);
  const throughput = await compareThroughput({ path: '/items', env, readyPath: '/livez', withFeature: reference, withoutFeature: starter }, load);

  return { lab: LAB_ID, ...throughput };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '10' },
    },
  });
  const result = await benchRateLimit({ rounds: Number(values.rounds), seconds: Number(values.seconds), concurrency: Number(values.concurrency) });
  console.log(`Lab 07: GET ${result.path}, requests per second with the limiter (every request counted, none refused) and without it`);
  console.table({
    'with limiter rps': result.withFeatureRps,
    'without limiter rps': result.withoutFeatureRps,
    'limiter µs per request': result.overheadMicrosPerRequest,
  });
}
