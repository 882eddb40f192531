/**
 * The start-up cost of lab 06's OpenTelemetry SDK in CPU time: what Node spends importing the SDK's
 * modules, which a busy machine inflates far less than wall time. (Spawn → first answer of the
 * reference against the starter and bare Node is lab 06's row of bench/run.ts's start-up table.)
 *
 *   node bench/tracing-startup.ts [--runs 15]
 *
 * bench/run.ts calls benchTracingStartup() for its results; run alone it prints a table.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { findLab } from '../labs/index.ts';
import { loadSubmission } from '../src/engine/node/grade.ts';
import { labFolders, projectNodeModules } from '../src/engine/node/project-paths.ts';
import { createWorkdir } from '../src/engine/node/workdir.ts';
import { median } from './first-answer.ts';

const LAB_ID = '06-tracing';
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


export async function benchTracingStartup(runs = 15) {
  const lab = findLab(LAB_ID)!;
  const reference = await createWorkdir((await loadSubmission(lab, labFolders(LAB_ID).solution)).files, { linkNodeModules: projectNodeModules });
  const importCpu: number[] = [];
  try {
    for (let i = 0; i < runs; i++) importCpu.push(await sdkImportCpuMs(reference.path));
  } finally {
    await reference.remove();
  }
  return { lab: LAB_ID, runs, sdkImportCpuMedianMs: Math.round(median(importCpu) * 10) / 10 };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
  const result = await benchTracingStartup(Number(values.runs));
  console.log(`Lab 06: CPU ms a fresh Node spends importing the OpenTelemetry SDK's modules, median of ${result.runs}`);
  console.table([result]);
}
