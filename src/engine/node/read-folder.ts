/**
 * @module
 * Reading a folder of service files (a starter, or a learner's submission) into memory.
 */
import { lstatSync } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { MAX_EDITABLE_FILE_BYTES, type SubmissionFiles } from '../submission.ts';

/** The folder or a file in it cannot be used; the message says what to do. Exit 2 in the CLI. */
export class SubmissionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SubmissionError';
  }
}

const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
const MAX_LISTED_FILES = 2000;

/** Relative POSIX paths of the files under `root`, skipping dependencies and dot-folders; more than 2000 is refused. */
export async function listFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (found.length >= MAX_LISTED_FILES) {
        throw new SubmissionError(`${root} holds more than ${MAX_LISTED_FILES} files: pass the folder with just your lab's files (e.g. a copy of the lab with src/).`);
      }
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) await walk(path);
      } else {
        found.push(relative(root, path).split(sep).join('/'));
      }
    }
  }
  await walk(root);
  return found.sort();
}

/**
 * Refuses a symbolic link on the way to any of `paths` under `dir`. Reading a file checks only the
 * file itself, and a link to a folder (`src -> ../../../solutions/…/src`) would hand in someone
 * else's files, or read files from outside the submission.
 */
export function assertNoLinks(dir: string, paths: readonly string[]): void {
  for (const file of paths) {
    const parts = file.split('/');
    for (let depth = 1; depth <= parts.length; depth++) {
      const path = parts.slice(0, depth).join('/');
      const stats = lstatSync(join(dir, path), { throwIfNoEntry: false });
      if (!stats) break;
      if (stats.isSymbolicLink()) throw new SubmissionError(`${path} is a symbolic link: submit the files themselves.`);
    }
  }
}

/** Reads the named files under `root`, each a regular file within the size limit, none through a link. Missing ones are skipped. */
export async function readFiles(root: string, paths: readonly string[]): Promise<SubmissionFiles> {
  assertNoLinks(root, paths);
  const files: SubmissionFiles = new Map();
  for (const path of paths) {
    const absolute = join(root, path);
    const stats = await lstat(absolute).catch(() => undefined);
    if (!stats) continue;
    if (!stats.isFile()) throw new SubmissionError(`${path} is not a regular file.`);
    if (stats.size > MAX_EDITABLE_FILE_BYTES) {
      throw new SubmissionError(
        `${path} is ${Math.round(stats.size / 1024)} KiB; a lab file may be at most ${MAX_EDITABLE_FILE_BYTES / 1024} KiB.`,
      );
    }
    files.set(path, await readFile(absolute, 'utf8'));
  }
  return files;
}

/** Reads every file of a folder (a starter or a solution). */
export async function readFolder(root: string): Promise<SubmissionFiles> {
  return readFiles(root, await listFiles(root));
}

/** Fails with a clear message unless `dir` is an existing folder. */
export async function assertFolder(dir: string): Promise<void> {
  const stats = await lstat(dir).catch(() => undefined);
  if (!stats) throw new SubmissionError(`${dir} does not exist. Pass the folder that holds your lab files (e.g. the one with src/).`);
  if (!stats.isDirectory()) throw new SubmissionError(`${dir} is not a folder. Pass the folder that holds your lab files.`);
}
