/**
 * The cost of lab 07's rate limiter. Per request: requests per second of the reference service (the
 * per-client and global limiters count every GET /items and set its RateLimit fields) against the
 * starter (its middleware only calls next()), in the same run, interleaved, with limits so high that
 * no request is refused: what is measured is the counting every answered request pays. At start-up:
 * spawn → first answer of the reference, the starter and a bare node:http hello-world, interleaved,
 * median of N each.
 *
 *   node bench/rate-limit.ts [--rounds 3 --seconds 3 --concurrency 10 --runs 15]
 *
 * bench/run.ts calls benchRateLimit() for its results; run alone it prints two tables.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findLab } from '../labs/index.ts';
import { loadSubmission } from '../src/engine/node/grade.ts';
import { labFolders, projectNodeModules } from '../src/engine/node/project-paths.ts';
import { createWorkdir } from '../src/engine/node/workdir.ts';
import { timeToFirstAnswer } from './first-answer.ts';
import { compareThroughput, DEFAULT_LOAD, type LoadOptions } from './throughput.ts';

const LAB_ID = '07-rate-limiting';
const HELLO_WORLD = `import { createServer } from 'node:http';
createServer((req, res) => res.end('hello')).listen(Number(process.env.PORT), '127.0.0.1');
`;
/** Limits no bench reaches: every request is counted and answered 200, none refused. */
const UNREACHED = '1000000000';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round = (n: number) => Math.round(n * 10) / 10;

export async function benchRateLimit(load: LoadOptions = DEFAULT_LOAD, runs = 15) {
  const lab = findLab(LAB_ID)!;
  const env = { ...lab.manifest.env, RATE_LIMIT_PER_IP: UNREACHED, RATE_LIMIT_GLOBAL: UNREACHED, RATE_LIMIT_LOGIN: UNREACHED };
  const reference = await loadSubmission(lab, labFolders(LAB_ID).solution);
  const starter = await loadSubmission(lab);
  const throughput = await compareThroughput({ path: '/items', env, readyPath: '/livez', withFeature: reference, withoutFeature: starter }, load);

  const referenceDir = await createWorkdir(reference.files, { linkNodeModules: projectNodeModules });
  const starterDir = await createWorkdir(starter.files, { linkNodeModules: projectNodeModules });
  const helloDir = await mkdtemp(join(tmpdir(), 'operable-bench-'));
  await writeFile(join(helloDir, 'hello.mjs'), HELLO_WORLD);
  const times = { reference: [] as number[], starter: [] as number[], bare: [] as number[] };
  try {
    for (let i = 0; i < runs; i++) {
      times.reference.push(await timeToFirstAnswer(referenceDir.path, lab.manifest.entry, env));
      times.starter.push(await timeToFirstAnswer(starterDir.path, lab.manifest.entry, env));
      times.bare.push(await timeToFirstAnswer(helloDir, 'hello.mjs', {}));
    }
  } finally {
    await Promise.all([referenceDir.remove(), starterDir.remove(), rm(helloDir, { recursive: true, force: true })]);
  }
  const [withLimiter, withoutLimiter, bare] = [median(times.reference), median(times.starter), median(times.bare)];
  return {
    lab: LAB_ID,
    ...throughput,
    runs,
    firstAnswerReferenceMedianMs: round(withLimiter),
    firstAnswerStarterMedianMs: round(withoutLimiter),
    firstAnswerBareNodeMedianMs: round(bare),
    limiterStartupCostMs: round(withLimiter - withoutLimiter),
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '10' },
      runs: { type: 'string', default: '15' },
    },
  });
  const result = await benchRateLimit({ rounds: Number(values.rounds), seconds: Number(values.seconds), concurrency: Number(values.concurrency) }, Number(values.runs));
  console.log(`Lab 07: GET ${result.path}, requests per second with the limiter (every request counted, none refused) and without it`);
  console.table({
    'with limiter rps': result.withFeatureRps,
    'without limiter rps': result.withoutFeatureRps,
    'limiter µs per request': result.overheadMicrosPerRequest,
  });
  console.log(`Spawn → first answer, median of ${result.runs}`);
  console.table({
    'reference ms': result.firstAnswerReferenceMedianMs,
    'starter (no limiter) ms': result.firstAnswerStarterMedianMs,
    'bare node ms': result.firstAnswerBareNodeMedianMs,
    'limiter start-up cost ms': result.limiterStartupCostMs,
  });
}
