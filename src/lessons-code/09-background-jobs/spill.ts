// sample: section "The spill file" — write the jobs never run to disk, all or nothing
import { rename, writeFile } from 'node:fs/promises';
import type { Job } from './job.ts';

/** One JSON document; written beside the target and renamed, so a reader never sees half a file. */
export async function spill(file: string, jobs: Job[]): Promise<void> {
  // Id, payload, attempts, key: what the next instance needs to run the job again. Not its status.
  const kept = jobs.map(({ status, error, ...job }) => job);
  await writeFile(`${file}.tmp`, `${JSON.stringify({ jobs: kept }, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}
