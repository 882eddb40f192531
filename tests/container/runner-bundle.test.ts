/**
 * The bundled runner (`checks.mjs`) as the in-browser runtime runs it: written with the lab's files
 * and vendored dependencies to a folder outside the project, so no node_modules of ours is around
 * it, then started with plain `node`. For every lab: the reference passes on the Node host; on the
 * WebContainer host it passes every check it runs and skips exactly the checks that need signals;
 * the starter fails.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { labs } from '../../labs/index.ts';
import { buildContainerFiles, writeContainerFiles } from '../../src/build/container-files.ts';
import { labFolders } from '../../src/engine/node/project-paths.ts';
import type { LabReport } from '../../src/engine/report.ts';

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runNode(cwd: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Every folder from `dir` up to the root has no node_modules: the runner cannot lean on ours. */
function assertNoNodeModulesAbove(dir: string): void {
  for (let folder = dir; ; folder = dirname(folder)) {
    assert.equal(existsSync(join(folder, 'node_modules')), false, `${folder}/node_modules exists: the test would not prove the bundle is self-contained`);
    if (folder === parse(folder).root) break;
  }
}

async function writeContainer(labId: string, root: string, editableFrom?: string, editable: readonly string[] = []): Promise<void> {
  await writeContainerFiles(root, await buildContainerFiles(labId));
  for (const path of editableFrom ? editable : []) await cp(join(editableFrom!, path), join(root, 'lab', path));
}

function failures(report: LabReport): string {
  return report.checks.filter((check) => !check.passed && !check.skipped).map((check) => `${check.id}: ${check.message}`).join('\n');
}

for (const lab of labs) {
  const { id, editableFiles } = lab.manifest;
  describe(`bundled runner, lab ${id}`, () => {
    let root: string;
    before(async () => {
      root = await mkdtemp(join(tmpdir(), `operable-container-${id}-`));
      assertNoNodeModulesAbove(root);
    });
    after(() => rm(root, { recursive: true, force: true }));

    test('the reference passes every check on the Node host', async () => {
      const folder = join(root, 'reference');
      await writeContainer(id, folder, labFolders(id).solution, editableFiles);
      const run = await runNode(folder, ['checks.mjs', 'check', id, 'lab']);
      assert.equal(run.code, 0, `exit ${run.code}\n${run.stderr}\n${run.stdout.slice(0, 2000)}`);
      const report = JSON.parse(run.stdout) as LabReport;
      assert.equal(report.passed, true, failures(report));
      assert.equal(report.checks.length, lab.checks.length);
    });

    test('on the WebContainer host it passes what it runs and skips exactly the checks needing signals', async () => {
      const folder = join(root, 'reference');
      const run = await runNode(folder, ['checks.mjs', 'check', id, 'lab', '--host', 'webcontainer', '--stream']);
      assert.equal(run.stderr, '', 'nothing on stderr');
      const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; report?: LabReport });
      assert.equal(lines.at(-1)?.type, 'report', 'the last line is the report');
      assert.equal(lines.filter((line) => line.type === 'result').length, lab.checks.length, 'one result line a check');
      const report = lines.at(-1)!.report!;
      assert.equal(failures(report), '', 'no check that ran failed');
      const skipped = report.checks.filter((check) => check.skipped).map((check) => check.id).sort();
      const needSignals = lab.checks.filter((check) => check.needs?.includes('signals')).map((check) => check.id).sort();
      assert.deepEqual(skipped, needSignals);
      for (const check of report.checks.filter((entry) => entry.skipped)) assert.match(check.skipped!, /Runs in the local runtime and in grading/);
      assert.equal(run.code, skipped.length ? 1 : 0, 'exit 1 when checks were skipped: the lab is not proven here');
    });

    test('the starter fails on the Node host, and the run folders are cleaned up', async () => {
      const folder = join(root, 'starter');
      await writeContainer(id, folder);
      const run = await runNode(folder, ['checks.mjs', 'check', id, 'lab']);
      assert.equal(run.code, 1, run.stderr);
      const report = JSON.parse(run.stdout) as LabReport;
      assert.equal(report.passed, false);
      assert.equal(report.checks.find((check) => check.id === 'service.answers')?.passed, true, 'the starter runs');
      const runs = join(folder, 'lab', '.operable', 'runs');
      const left = existsSync(runs) ? (await import('node:fs')).readdirSync(runs) : [];
      assert.deepEqual(left, [], 'every run folder removed');
    });

    test('usage problems exit 2 with a message', async () => {
      const folder = join(root, 'reference');
      const unknownLab = await runNode(folder, ['checks.mjs', 'check', 'no-such-lab', 'lab']);
      assert.equal(unknownLab.code, 2);
      assert.match(unknownLab.stderr, /There is no lab "no-such-lab"/);
      const noFolder = await runNode(folder, ['checks.mjs', 'check', id, 'missing-folder', '--stream']);
      assert.equal(noFolder.code, 2);
      assert.match(noFolder.stdout, /^\{"type":"error","message":/);
      const badHost = await runNode(folder, ['checks.mjs', 'check', id, 'lab', '--host', 'mars']);
      assert.equal(badHost.code, 2);
      assert.match(badHost.stderr, /Unknown host "mars"/);
      assert.ok((await readFile(join(folder, 'checks.mjs'), 'utf8')).length > 0);
    });
  });
}
