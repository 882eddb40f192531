/**
 * The per-request cost of lab 05's metrics middleware: requests per second of the reference service
 * (counter, histogram and in-flight gauge on every request) against the same service whose middleware
 * only calls next() (the starter's), in the same run, interleaved, on the same route and load.
 *
 *   node bench/metrics-overhead.ts [--rounds 3 --seconds 3 --concurrency 10]
 *
 * bench/run.ts calls benchMetricsOverhead() for its results; run alone it prints a table.
 */
import { parseArgs } from 'node:util';
import { findLab } from '../labs/index.ts';
import { loadSubmission } from '../src/engine/node/grade.ts';
import { labFolders } from '../src/engine/node/project-paths.ts';
import { compareThroughput, DEFAULT_LOAD, type LoadOptions } from './throughput.ts';

const LAB_ID = '05-metrics';

export async function benchMetricsOverhead(load: LoadOptions = DEFAULT_LOAD) {
  const lab = findLab(LAB_ID)!;
  const result = await compareThroughput(
    {
      path: '/users/7', // a route with a parameter: what most traffic of a web service looks like
      withFeature: await loadSubmission(lab, labFolders(LAB_ID).solution),
      withoutFeature: await loadSubmission(lab), // the starter: its middleware only calls next()
    },
    load,
  );
  return { lab: LAB_ID, ...result };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '3' }, concurrency: { type: 'string', default: '10' } } });
  console.table([await benchMetricsOverhead({ rounds: Number(values.rounds), seconds: Number(values.seconds), concurrency: Number(values.concurrency) })]);
}
