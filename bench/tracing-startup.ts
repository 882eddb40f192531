/**
 * The start-up cost of lab 06's OpenTelemetry SDK: spawn → first HTTP answer of the reference
 * service (SDK, OTLP exporter, context manager and propagator loaded and set up) against the same
 * service without them (the starter, whose tracing does nothing) and a bare node:http hello-world,
 * interleaved, median of N each; and the CPU time Node spends importing the SDK's modules, which a
 * busy machine inflates far less than wall time.
 *
 *   node bench/tracing-startup.ts [--runs 15]
 *
 * bench/run.ts calls benchTracingStartup() for its results; run alone it prints a table.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findLab } from '../labs/index.ts';
import { loadSubmission } from '../src/engine/node/grade.ts';
import { labFolders, projectNodeModules } from '../src/engine/node/project-paths.ts';
import { createWorkdir } from '../src/engine/node/workdir.ts';
import { timeToFirstAnswer } from './first-answer.ts';

const LAB_ID = '06-tracing';
const HELLO_WORLD = `import { createServer } from 'node:http';
createServer((req, res) => res.end('hello')).listen(Number(process.env.PORT), '127.0.0.1');
`;


/** The packages the reference imports for tracing, in the order it imports them. */
const SDK_MODULES = [
  '@opentelemetry/api',
  '@opentelemetry/context-async-hooks',
  '@opentelemetry/core',
  '@opentelemetry/exporter-trace-otlp-proto',
  '@opentelemetry/resources',
  '@opentelemetry/sdk-trace',
  '@opentelemetry/semantic-conventions',
];

/** CPU ms (user + system) a fresh Node spends importing the SDK's modules, run in `cwd`. */
async function sdkImportCpuMs(cwd: string): Promise<number> {
  const script = `const c = process.cpuUsage(); for (const m of ${JSON.stringify(SDK_MODULES)}) await import(m); const d = process.cpuUsage(c); console.log((d.user + d.system) / 1000);`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd });
  return Number(stdout.trim());
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round = (n: number) => Math.round(n * 10) / 10;

export async function benchTracingStartup(runs = 15) {
  const lab = findLab(LAB_ID)!;
  const env = lab.manifest.env;
  const reference = await createWorkdir((await loadSubmission(lab, labFolders(LAB_ID).solution)).files, { linkNodeModules: projectNodeModules });
  const starter = await createWorkdir((await loadSubmission(lab)).files, { linkNodeModules: projectNodeModules });
  const helloDir = await mkdtemp(join(tmpdir(), 'operable-bench-'));
  await writeFile(join(helloDir, 'hello.mjs'), HELLO_WORLD);
  const times = { reference: [] as number[], starter: [] as number[], bare: [] as number[], importCpu: [] as number[] };
  try {
    for (let i = 0; i < runs; i++) {
      times.reference.push(await timeToFirstAnswer(reference.path, lab.manifest.entry, env));
      times.starter.push(await timeToFirstAnswer(starter.path, lab.manifest.entry, env));
      times.bare.push(await timeToFirstAnswer(helloDir, 'hello.mjs', {}));
      times.importCpu.push(await sdkImportCpuMs(reference.path));
    }
  } finally {
    await Promise.all([reference.remove(), starter.remove(), rm(helloDir, { recursive: true, force: true })]);
  }
  const [withSdk, withoutSdk, bare] = [median(times.reference), median(times.starter), median(times.bare)];
  return {
    lab: LAB_ID,
    runs,
    referenceMedianMs: round(withSdk),
    withoutSdkMedianMs: round(withoutSdk),
    bareNodeMedianMs: round(bare),
    sdkCostMs: round(withSdk - withoutSdk),
    sdkImportCpuMedianMs: round(median(times.importCpu)),
  };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
  const result = await benchTracingStartup(Number(values.runs));
  console.log(`Lab 06: spawn → first answer, median of ${result.runs}: the reference (OpenTelemetry SDK) vs the starter (no SDK) vs bare node:http`);
  console.table({
    'reference ms': result.referenceMedianMs,
    'starter (no SDK) ms': result.withoutSdkMedianMs,
    'bare node ms': result.bareNodeMedianMs,
    'SDK cost ms': result.sdkCostMs,
    'SDK import CPU ms': result.sdkImportCpuMedianMs,
  });
}
