/**
 * The per-request cost of lab 05's metrics middleware: requests per second of the reference service
 * (counter, histogram and in-flight gauge on every request) against the same service whose middleware
 * only calls next() (the starter's), in the same run, interleaved, on the same route and load.
 *
 *   node bench/metrics-overhead.ts [--rounds 3 --seconds 3 --concurrency 10]
 *
 * bench/run.ts can call benchMetricsOverhead() for its results; run alone it prints a table.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { findLab } from '../labs/index.ts';
import { loadSubmission } from '../src/engine/node/grade.ts';
import { findFreePort } from '../src/engine/node/free-port.ts';
import { sendRequest } from '../src/engine/node/http-client.ts';
import { killProcess } from '../src/engine/node/process-tree.ts';
import { labFolders, projectNodeModules } from '../src/engine/node/project-paths.ts';
import { createWorkdir } from '../src/engine/node/workdir.ts';

const LAB_ID = '05-metrics';
/** A route with a parameter: what most traffic of a web service looks like. */
const PATH = '/users/7';

interface Options {
  rounds: number;
  seconds: number;
  concurrency: number;
}

/** Starts `node src/server.ts` in `cwd` and resolves once it answers, with a way to stop it. */
async function startService(cwd: string): Promise<{ port: number; stop(): void }> {
  const port = await findFreePort();
  const child = spawn(process.execPath, ['src/server.ts'], {
    cwd,
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1' },
    detached: true,
    stdio: 'ignore',
  });
  const started = performance.now();
  for (;;) {
    const outcome = await sendRequest('127.0.0.1', port, '/', { timeoutMs: 1000 });
    if (outcome.kind === 'response') break;
    if (child.exitCode !== null || performance.now() - started > 10_000) throw new Error(`the service in ${cwd} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { port, stop: () => killProcess(child.pid!, true) };
}

/** GET `PATH` on keep-alive connections, `concurrency` at a time, for `seconds`: requests per second. */
async function measure(port: number, { seconds, concurrency }: Options): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const get = () =>
    new Promise<void>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: PATH, agent }, (response) => {
        response.resume();
        response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${response.statusCode}`))));
      })
        .on('error', reject)
        .end();
    });
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await get();
        done++;
      }
    }),
  );
  agent.destroy();
  return done / ((performance.now() - started) / 1000);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchMetricsOverhead(options: Options = { rounds: 3, seconds: 3, concurrency: 10 }) {
  const lab = findLab(LAB_ID)!;
  const variants = {
    withMetrics: await loadSubmission(lab, labFolders(LAB_ID).solution),
    withoutMetrics: await loadSubmission(lab), // the starter: its middleware only calls next()
  };
  const rates: Record<keyof typeof variants, number[]> = { withMetrics: [], withoutMetrics: [] };
  for (let round = 0; round < options.rounds; round++) {
    for (const name of Object.keys(variants) as Array<keyof typeof variants>) {
      const workdir = await createWorkdir(variants[name].files, { linkNodeModules: projectNodeModules });
      const service = await startService(workdir.path);
      try {
        await measure(service.port, { ...options, seconds: 0.5 }); // warm-up: JIT, connections
        rates[name].push(await measure(service.port, options));
      } finally {
        service.stop();
        await workdir.remove();
      }
    }
  }
  const withMetrics = median(rates.withMetrics);
  const withoutMetrics = median(rates.withoutMetrics);
  return {
    lab: LAB_ID,
    path: PATH,
    ...options,
    withMetricsRps: Math.round(withMetrics),
    withoutMetricsRps: Math.round(withoutMetrics),
    /** The service's time per request is 1/throughput while it is saturated: the difference is the middleware's. */
    overheadMicrosPerRequest: Math.round((1 / withMetrics - 1 / withoutMetrics) * 1e6),
  };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '3' }, concurrency: { type: 'string', default: '10' } } });
  const result = await benchMetricsOverhead({ rounds: Number(values.rounds), seconds: Number(values.seconds), concurrency: Number(values.concurrency) });
  console.table([result]);
}
