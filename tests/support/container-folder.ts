/**
 * @module
 * A lab's in-browser runtime files written to a folder, as a WebContainer would hold them after
 * mounting: the bundled runner, the lab (starter, optionally with other editable files over it) and
 * its vendored dependencies, and on request the type stripper.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { delimiter, dirname, join, parse } from 'node:path';
import { buildContainerFiles, buildTypeStripperFiles, writeContainerFiles } from '../../src/build/container-files.ts';
import type { LabReport } from '../../src/engine/report.ts';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node` (this one, or another binary) in `cwd`; `env` is added to this process's environment.
 * This Node's folder goes first in PATH: the runner starts services with `node` by name, as in a
 * container, and the machine's own `node` may be another version.
 */
export function runNode(cwd: string, args: string[], options: { node?: string; env?: Record<string, string> } = {}): Promise<RunResult> {
  const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`, ...options.env };
  return new Promise((resolve) => {
    execFile(options.node ?? process.execPath, args, { cwd, env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Every folder from `dir` up to the root has no node_modules: the runner cannot lean on ours. */
export function assertNoNodeModulesAbove(dir: string): void {
  for (let folder = dir; ; folder = dirname(folder)) {
    assert.equal(existsSync(join(folder, 'node_modules')), false, `${folder}/node_modules exists: the test would not prove the bundle is self-contained`);
    if (folder === parse(folder).root) break;
  }
}

/** Writes the lab's container files to `root`, with `editable` copied from `editableFrom` over the starter's. */
export async function writeContainer(
  labId: string,
  root: string,
  options: { editableFrom?: string; editable?: readonly string[]; typeStripper?: boolean } = {},
): Promise<void> {
  const files = await buildContainerFiles(labId);
  if (options.typeStripper) for (const [path, content] of await buildTypeStripperFiles()) files.set(path, content);
  await writeContainerFiles(root, files);
  for (const path of options.editableFrom ? (options.editable ?? []) : []) await cp(join(options.editableFrom!, path), join(root, 'lab', path));
}

/** The checks of a report that failed (not skipped), one a line. */
export function failures(report: LabReport): string {
  return report.checks.filter((check) => !check.passed && !check.skipped).map((check) => `${check.id}: ${check.message}`).join('\n');
}

/** The protocol lines of `checks.mjs … --stream` output, parsed. */
export function streamed<T = { type: string; report?: LabReport }>(stdout: string): T[] {
  return stdout.trim().split('\n').map((line) => JSON.parse(line) as T);
}
