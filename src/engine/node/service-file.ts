/**
 * @module
 * Reads a file a service wrote in its run folder (lab 09's spill file), without trusting it: the
 * service's code is the learner's (or someone else's, in cohort grading), so the file could be a link
 * to a secret of the grader's machine, a FIFO that never ends, or a gigabyte.
 */
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';

/** A spill file or a report is a few KB; anything far bigger is not what a check wants to read. */
export const MAX_SERVICE_FILE_BYTES = 1024 * 1024;

/**
 * The text of `path` (relative to `root`), or undefined when it does not exist. Throws when the path
 * leaves `root`, passes through a link, is not a regular file, or is over MAX_SERVICE_FILE_BYTES.
 */
export async function readServiceFile(root: string, path: string): Promise<string | undefined> {
  const relative = normalize(path);
  if (isAbsolute(relative) || relative === '..' || relative.startsWith(`..${sep}`)) throw new Error(`${path} is not inside the service's folder`);
  const realRoot = await realpath(root);
  const parent = await realpath(join(realRoot, dirname(relative))).catch(() => undefined);
  if (parent === undefined) return undefined;
  // A folder on the way that is a link could lead anywhere; the real path must be the path itself.
  if (parent !== join(realRoot, dirname(relative))) throw new Error(`${path} passes through a link`);
  // O_NOFOLLOW: the file itself must not be a link; O_NONBLOCK: a FIFO must not hang the grader.
  const handle = await open(join(parent, relative.split(sep).at(-1)!), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      if (error.code === 'ELOOP') throw new Error(`${path} is a link`);
      throw error;
    },
  );
  if (handle === undefined) return undefined;
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new Error(`${path} is not a regular file`);
    // Read at most one byte past the limit: the file may still be growing.
    const buffer = Buffer.alloc(MAX_SERVICE_FILE_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_SERVICE_FILE_BYTES) throw new Error(`${path} is over ${MAX_SERVICE_FILE_BYTES} bytes`);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
