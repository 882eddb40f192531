/**
 * The per-request cost of one feature of a lab's service (metrics, tracing, a limiter, a cache):
 * requests per second of two variants of the service — with the feature and without it — in the same
 * run, interleaved round by round, on the same route and load, so a busy machine slows both alike.
 * The service's time per request is 1/throughput while it is saturated: the difference is the feature's.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import type { Submission } from '../src/engine/submission.ts';
import { findFreePort } from '../src/engine/node/free-port.ts';
import { sendRequest } from '../src/engine/node/http-client.ts';
import { killProcess } from '../src/engine/node/process-tree.ts';
import { projectNodeModules } from '../src/engine/node/project-paths.ts';
import { createWorkdir } from '../src/engine/node/workdir.ts';
import { median } from './first-answer.ts';

export interface LoadOptions {
  rounds: number;
  seconds: number;
  concurrency: number;
}

export const DEFAULT_LOAD: LoadOptions = { rounds: 3, seconds: 3, concurrency: 10 };

/** Starts `node src/server.ts` in `cwd` and resolves once `readyPath` answers, with a way to stop it. */
export async function startService(cwd: string, env: Record<string, string>, readyPath: string): Promise<{ port: number; stop(): void }> {
  const port = await findFreePort();
  const child = spawn(process.execPath, ['src/server.ts'], {
    cwd,
    env: { PATH: process.env.PATH, ...env, PORT: String(port), HOST: '127.0.0.1' },
    detached: true,
    stdio: 'ignore',
  });
  const started = performance.now();
  for (;;) {
    const outcome = await sendRequest('127.0.0.1', port, readyPath, { timeoutMs: 1000 });
    if (outcome.kind === 'response') break;
    if (child.exitCode !== null || performance.now() - started > 10_000) throw new Error(`the service in ${cwd} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { port, stop: () => killProcess(child.pid!, true) };
}

/** GET `path` on keep-alive connections, `concurrency` at a time, for `seconds`: requests per second. */
async function measure(port: number, path: string, { seconds, concurrency }: Omit<LoadOptions, 'rounds'>): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const get = () =>
    new Promise<void>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path, agent }, (response) => {
        response.resume();
        response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`GET ${path}: HTTP ${response.statusCode}`))));
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


export interface ThroughputComparison {
  /** The route every request asks for: it must answer 200. */
  path: string;
  /** The service's environment (PORT and HOST are set here). */
  env?: Record<string, string>;
  readyPath?: string;
  withFeature: Submission;
  withoutFeature: Submission;
}

/** Median requests per second of each variant, and the feature's cost per request in microseconds. */
export async function compareThroughput({ path, env = {}, readyPath = '/', withFeature, withoutFeature }: ThroughputComparison, load: LoadOptions = DEFAULT_LOAD) {
  const variants = { withFeature, withoutFeature };
  const rates: Record<keyof typeof variants, number[]> = { withFeature: [], withoutFeature: [] };
  for (let round = 0; round < load.rounds; round++) {
    for (const name of Object.keys(variants) as Array<keyof typeof variants>) {
      const workdir = await createWorkdir(variants[name].files, { linkNodeModules: projectNodeModules });
      const service = await startService(workdir.path, env, readyPath);
      try {
        await measure(service.port, path, { ...load, seconds: 0.5 }); // warm-up: JIT, connections
        rates[name].push(await measure(service.port, path, load));
      } finally {
        service.stop();
        await workdir.remove();
      }
    }
  }
  const withRps = median(rates.withFeature);
  const withoutRps = median(rates.withoutFeature);
  return {
    path,
    ...load,
    withFeatureRps: Math.round(withRps),
    withoutFeatureRps: Math.round(withoutRps),
    overheadMicrosPerRequest: Math.round((1 / withRps - 1 / withoutRps) * 1e6),
  };
}
