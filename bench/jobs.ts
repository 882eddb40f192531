/**
 * Lab 09's costs, measured on its reference:
 * - start-up: spawn → first HTTP answer of the reference (p-queue, exponential-backoff and lru-cache
 *   loaded) against the starter (none of them) and a bare node:http hello-world,
 *   interleaved, median of N each;
 * - the request path: POST /jobs answered per second when every job is accepted (202; jobs of 0 ms, so
 *   the workers keep up) and when the queue is full and every job is refused (503 + Retry-After).
 *   Backpressure is only worth having if refusing costs less than accepting: the ratio says.
 *
 *   node bench/jobs.ts [--runs 15 --rounds 3 --seconds 3 --concurrency 10]
 *
 * bench/run.ts calls benchJobs() for its results; run alone it prints a table.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findLab } from '../labs/index.ts';
import { findFreePort } from '../src/engine/node/free-port.ts';
import { loadSubmission } from '../src/engine/node/grade.ts';
import { sendRequest } from '../src/engine/node/http-client.ts';
import { killProcess } from '../src/engine/node/process-tree.ts';
import { labFolders, projectNodeModules } from '../src/engine/node/project-paths.ts';
import { createWorkdir } from '../src/engine/node/workdir.ts';
import { timeToFirstAnswer } from './first-answer.ts';
import { DEFAULT_LOAD, type LoadOptions } from './throughput.ts';

const LAB_ID = '09-background-jobs';
const HELLO_WORLD = `import { createServer } from 'node:http';
createServer((req, res) => res.end('hello')).listen(Number(process.env.PORT), '127.0.0.1');
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Starts the service in `cwd` with `env`; resolves once /livez answers. */
async function startService(cwd: string, env: Record<string, string>): Promise<{ port: number; stop(): void }> {
  const port = await findFreePort();
  const child = spawn(process.execPath, ['src/server.ts'], {
    cwd,
    env: { PATH: process.env.PATH, ...env, PORT: String(port), HOST: '127.0.0.1' },
    detached: true,
    stdio: 'ignore',
  });
  const started = performance.now();
  for (;;) {
    const outcome = await sendRequest('127.0.0.1', port, '/livez', { timeoutMs: 1000 });
    if (outcome.kind === 'response') return { port, stop: () => killProcess(child.pid!, true) };
    if (child.exitCode !== null || performance.now() - started > 10_000) throw new Error(`the service in ${cwd} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** POST /jobs with `body` on keep-alive connections, `concurrency` at a time, for `seconds`: answers per second, all `status`. */
async function postRate(port: number, body: string, status: number, { seconds, concurrency }: Omit<LoadOptions, 'rounds'>): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const post = () =>
    new Promise<void>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/jobs', method: 'POST', agent, headers: { 'Content-Type': 'application/json' } }, (response) => {
        response.resume();
        response.on('end', () => (response.statusCode === status ? resolve() : reject(new Error(`POST /jobs: HTTP ${response.statusCode}, not ${status}`))));
      })
        .on('error', reject)
        .end(body);
    });
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await post();
        done++;
      }
    }),
  );
  agent.destroy();
  return done / ((performance.now() - started) / 1000);
}

/** Accepted and refused POST /jobs per second of the reference, rounds interleaved. */
async function requestPath(load: LoadOptions) {
  const lab = findLab(LAB_ID)!;
  const workdir = await createWorkdir((await loadSubmission(lab, labFolders(LAB_ID).solution)).files, { linkNodeModules: projectNodeModules });
  const rates = { accepted: [] as number[], refused: [] as number[] };
  try {
    for (let round = 0; round < load.rounds; round++) {
      // Jobs of 0 ms with enough workers and room: every POST is a 202.
      const open = await startService(workdir.path, { QUEUE_CAPACITY: '100000', WORKER_CONCURRENCY: '16' });
      try {
        await postRate(open.port, '{"durationMs":0}', 202, { ...load, seconds: 0.5 });
        rates.accepted.push(await postRate(open.port, '{"durationMs":0}', 202, load));
      } finally {
        open.stop();
      }
      // No room at all and the only worker busy for a minute: every POST is a 503.
      const full = await startService(workdir.path, { QUEUE_CAPACITY: '0', WORKER_CONCURRENCY: '1' });
      try {
        await sendRequest('127.0.0.1', full.port, '/jobs', { method: 'POST', body: '{"durationMs":60000}', headers: { 'Content-Type': 'application/json' } });
        await postRate(full.port, '{"durationMs":60000}', 503, { ...load, seconds: 0.5 });
        rates.refused.push(await postRate(full.port, '{"durationMs":60000}', 503, load));
      } finally {
        full.stop();
      }
    }
  } finally {
    await workdir.remove();
  }
  const accepted = median(rates.accepted);
  const refused = median(rates.refused);
  return { ...load, acceptedPerSecond: Math.round(accepted), refusedPerSecond: Math.round(refused), refusedToAcceptedRatio: round(refused / accepted) };
}

/** Spawn → first answer of the reference, the starter and bare Node, interleaved. */
async function startup(runs: number) {
  const lab = findLab(LAB_ID)!;
  const reference = await createWorkdir((await loadSubmission(lab, labFolders(LAB_ID).solution)).files, { linkNodeModules: projectNodeModules });
  const starter = await createWorkdir((await loadSubmission(lab)).files, { linkNodeModules: projectNodeModules });
  const helloDir = await mkdtemp(join(tmpdir(), 'operable-bench-'));
  await writeFile(join(helloDir, 'hello.mjs'), HELLO_WORLD);
  const times = { reference: [] as number[], starter: [] as number[], bare: [] as number[] };
  try {
    for (let i = 0; i < runs; i++) {
      times.reference.push(await timeToFirstAnswer(reference.path, lab.manifest.entry, lab.manifest.env));
      times.starter.push(await timeToFirstAnswer(starter.path, lab.manifest.entry, lab.manifest.env));
      times.bare.push(await timeToFirstAnswer(helloDir, 'hello.mjs'));
    }
  } finally {
    await Promise.all([reference.remove(), starter.remove(), rm(helloDir, { recursive: true, force: true })]);
  }
  const [withQueue, withoutQueue, bare] = [median(times.reference), median(times.starter), median(times.bare)];
  return { runs, referenceMedianMs: round(withQueue), starterMedianMs: round(withoutQueue), bareNodeMedianMs: round(bare), queueLibrariesCostMs: round(withQueue - withoutQueue) };
}

export async function benchJobs(runs = 15, load: LoadOptions = DEFAULT_LOAD) {
  return { lab: LAB_ID, startup: await startup(runs), requestPath: await requestPath(load) };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '15' },
      rounds: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '10' },
    },
  });
  const result = await benchJobs(Number(values.runs), { rounds: Number(values.rounds), seconds: Number(values.seconds), concurrency: Number(values.concurrency) });
  console.log(`Lab 09: spawn → first answer, median of ${result.startup.runs}: the reference (p-queue, exponential-backoff, lru-cache) vs the starter (none of them) vs bare node:http`);
  console.table([result.startup]);
  console.log('Lab 09: POST /jobs answered per second, accepted (202) vs refused by a full queue (503)');
  console.table([result.requestPath]);
}
