/**
 * @module
 * Spawn → first HTTP answer of a service, the bench's measure of start-up cost: bench/run.ts compares
 * every lab's reference with its starter and a bare node:http hello-world.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Submission } from '../src/engine/submission.ts';
import { findFreePort } from '../src/engine/node/free-port.ts';
import { sendRequest } from '../src/engine/node/http-client.ts';
import { killProcess } from '../src/engine/node/process-tree.ts';
import { projectNodeModules } from '../src/engine/node/project-paths.ts';
import { createWorkdir } from '../src/engine/node/workdir.ts';

/** ms from spawn to the first HTTP response of `node <entry>` in `cwd`, told its port through `portEnv`. */
export async function timeToFirstAnswer(cwd: string, entry: string, env: Record<string, string> = {}, portEnv = 'PORT'): Promise<number> {
  const port = await findFreePort();
  const started = performance.now();
  const child = spawn(process.execPath, [entry], {
    cwd,
    env: { PATH: process.env.PATH, ...env, [portEnv]: String(port), HOST: '127.0.0.1' },
    detached: true,
    stdio: 'ignore',
  });
  try {
    for (;;) {
      const outcome = await sendRequest('127.0.0.1', port, '/', { timeoutMs: 1000 });
      if (outcome.kind === 'response') return performance.now() - started;
      if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode} before answering`);
      if (performance.now() - started > 10_000) throw new Error(`${entry} did not answer within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    killProcess(child.pid!, true);
  }
}

/** The floor every start-up is measured against: a node:http server that answers "hello". */
export const HELLO_WORLD = `import { createServer } from 'node:http';
createServer((req, res) => res.end('hello')).listen(Number(process.env.PORT), '127.0.0.1');
`;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const tenths = (n: number) => Math.round(n * 10) / 10;

export interface StartupComparison {
  /** The lab's entry file, e.g. src/server.ts. */
  entry: string;
  env?: Record<string, string>;
  /** The variable the service reads its port from (PORT unless the lab says otherwise). */
  portEnv?: string;
  reference: Submission;
  starter: Submission;
  runs: number;
}

/**
 * Spawn → first answer of the reference, the starter and a bare node:http hello-world, interleaved run
 * by run so a busy moment slows all three alike; the medians in ms. The reference minus the starter is
 * what the lab's feature costs at start-up (its modules loaded and set up).
 */
export async function compareStartup({ entry, env = {}, portEnv = 'PORT', reference, starter, runs }: StartupComparison) {
  const referenceDir = await createWorkdir(reference.files, { linkNodeModules: projectNodeModules });
  const starterDir = await createWorkdir(starter.files, { linkNodeModules: projectNodeModules });
  const helloDir = await mkdtemp(join(tmpdir(), 'operable-bench-'));
  await writeFile(join(helloDir, 'hello.mjs'), HELLO_WORLD);
  const times = { reference: [] as number[], starter: [] as number[], bare: [] as number[] };
  try {
    for (let i = 0; i < runs; i++) {
      times.reference.push(await timeToFirstAnswer(referenceDir.path, entry, env, portEnv));
      times.starter.push(await timeToFirstAnswer(starterDir.path, entry, env, portEnv));
      times.bare.push(await timeToFirstAnswer(helloDir, 'hello.mjs'));
    }
  } finally {
    await Promise.all([referenceDir.remove(), starterDir.remove(), rm(helloDir, { recursive: true, force: true })]);
  }
  const [withFeature, withoutFeature, bare] = [median(times.reference), median(times.starter), median(times.bare)];
  return {
    runs,
    firstAnswerReferenceMedianMs: tenths(withFeature),
    firstAnswerStarterMedianMs: tenths(withoutFeature),
    firstAnswerBareNodeMedianMs: tenths(bare),
    featureStartupCostMs: tenths(withFeature - withoutFeature),
  };
}
