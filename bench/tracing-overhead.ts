/**
 * The per-request cost of lab 06's tracing: requests per second of the reference service (a server
 * span per request, a client span and a traceparent on the call to the inventory, spans batched,
 * encoded and exported over OTLP/protobuf) against the starter, whose tracing does nothing, in the same
 * run. Two routes: `/` (one server span) and `/orders/42` (server span, client span, downstream call).
 * The exports go to a sink that only counts them: decoding them here would take CPU from the load
 * generator, beside the service on the same cores, and charge it to tracing.
 *
 *   node bench/tracing-overhead.ts [--rounds 3 --seconds 3 --concurrency 10]
 *
 * bench/run.ts calls benchTracingOverhead() for its results; run alone it prints a table.
 */
import { parseArgs } from 'node:util';
import { findLab } from '../labs/index.ts';
import { FakeHttpDependency } from '../src/engine/node/fake-dependency.ts';
import { loadSubmission } from '../src/engine/node/grade.ts';
import { labFolders } from '../src/engine/node/project-paths.ts';
import { compareThroughput, DEFAULT_LOAD, type LoadOptions } from './throughput.ts';

const LAB_ID = '06-tracing';

export async function benchTracingOverhead(load: LoadOptions = DEFAULT_LOAD) {
  const lab = findLab(LAB_ID)!;
  let exportedBytes = 0;
  const collector = await new FakeHttpDependency('collector', (req, res) => {
    req.on('data', (chunk: Buffer) => (exportedBytes += chunk.length));
    // An empty ExportTraceServiceResponse: everything accepted.
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/x-protobuf' }).end());
  }).listen();
  const inventory = await new FakeHttpDependency('inventory', (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"available":3}')).listen();
  try {
    const env = { ...lab.manifest.env, OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, INVENTORY_URL: inventory.url };
    const withFeature = await loadSubmission(lab, labFolders(LAB_ID).solution);
    const withoutFeature = await loadSubmission(lab);
    const rows = [];
    for (const path of ['/', '/orders/42']) {
      exportedBytes = 0;
      const calls = collector.calls();
      const result = await compareThroughput({ path, env, withFeature, withoutFeature }, load);
      rows.push({ lab: LAB_ID, ...result, exports: collector.calls() - calls, exportedKiB: Math.round(exportedBytes / 1024) });
    }
    return rows;
  } finally {
    await Promise.all([collector.dispose(), inventory.dispose()]);
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '3' }, concurrency: { type: 'string', default: '10' } } });
  console.table(await benchTracingOverhead({ rounds: Number(values.rounds), seconds: Number(values.seconds), concurrency: Number(values.concurrency) }));
}
