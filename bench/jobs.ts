/**
 * Lab 09's request path, measured on its reference: POST /jobs answered per second when every job is
 * accepted (202; jobs of 0 ms, so the workers keep up) and when the queue is full and every job is
 * refused (503 + Retry-After). Backpressure is only worth having if refusing costs less than accepting:
 * the ratio says. (Its start-up cost is a row of bench/run.ts's start-up table, as every lab's.)
 *
 *   node bench/jobs.ts [--rounds 3 --seconds 3 --concurrency 10]
 *
 * bench/run.ts calls benchJobs() for its results; run alone it prints a table.
 */
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { findLab } from '../labs/index.ts';
import { loadSubmission } from '../src/engine/node/grade.ts';
import { sendRequest } from '../src/engine/node/http-client.ts';
import { labFolders, projectNodeModules } from '../src/engine/node/project-paths.ts';
import { createWorkdir } from '../src/engine/node/workdir.ts';
import { median } from './first-answer.ts';
import { DEFAULT_LOAD, type LoadOptions, startService } from './throughput.ts';

const LAB_ID = '09-background-jobs';

const round = (n: number) => Math.round(n * 10) / 10;

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
      const open = await startService(workdir.path, { QUEUE_CAPACITY: '100000', WORKER_CONCURRENCY: '16' }, '/livez');
      try {
        await postRate(open.port, '{"durationMs":0}', 202, { ...load, seconds: 0.5 });
        rates.accepted.push(await postRate(open.port, '{"durationMs":0}', 202, load));
      } finally {
        open.stop();
      }
      // No room at all and the only worker busy for a minute: every POST is a 503.
      const full = await startService(workdir.path, { QUEUE_CAPACITY: '0', WORKER_CONCURRENCY: '1' }, '/livez');
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

export async function benchJobs(load: LoadOptions = DEFAULT_LOAD) {
  return { lab: LAB_ID, requestPath: await requestPath(load) };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '10' },
    },
  });
  const result = await benchJobs({ rounds: Number(values.rounds), seconds: Number(values.seconds), concurrency: Number(values.concurrency) });
  console.log('Lab 09: POST /jobs answered per second, accepted (202) vs refused by a full queue (503)');
  console.table([result.requestPath]);
}
