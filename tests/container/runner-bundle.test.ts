/**
 * The bundled runner (`checks.mjs`) as the in-browser runtime runs it: written with the lab's files
 * and vendored dependencies to a folder outside the project, so no node_modules of ours is around
 * it, then started with plain `node`. For every lab: on a WebContainer host that cannot deliver
 * signals the reference passes every check it runs and skips exactly the checks that need signals (or
 * a second loopback, Redis, or an outside reading of memory); the starter fails on the Node host. The reference on a Node host that
 * delivers signals: node-versions.test.ts, on Node 20 and 22.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { labs } from '../../labs/index.ts';
import { labFolders } from '../../src/engine/node/project-paths.ts';
import type { LabReport } from '../../src/engine/report.ts';
import { assertNoNodeModulesAbove, failures, runNode, streamed, writeContainer } from '../support/container-folder.ts';

/** A preload that stops this Node from delivering signals, as a WebContainer may. */
const NO_SIGNALS = pathToFileURL(fileURLToPath(new URL('../support/no-signals.mjs', import.meta.url))).href;

for (const lab of labs) {
  const { id, editableFiles } = lab.manifest;
  describe(`bundled runner, lab ${id}`, () => {
    let root: string;
    before(async () => {
      root = await mkdtemp(join(tmpdir(), `operable-container-${id}-`));
      assertNoNodeModulesAbove(root);
    });
    after(() => rm(root, { recursive: true, force: true }));

    test('on the WebContainer host, where signals do not arrive, it passes what it runs and skips exactly the checks needing signals, a second loopback address, Redis or an outside reading of memory', async () => {
      const folder = join(root, 'reference');
      await writeContainer(id, folder, { editableFrom: labFolders(id).solution, editable: editableFiles });
      const run = await runNode(folder, ['checks.mjs', 'check', id, 'lab', '--host', 'webcontainer', '--stream'], { env: { NODE_OPTIONS: `--import ${NO_SIGNALS}` } });
      await rm(join(folder, 'lab', '.operable', 'node-profile.json'), { force: true });
      assert.equal(run.stderr, '', 'nothing on stderr');
      const lines = streamed(run.stdout);
      assert.equal(lines.at(-1)?.type, 'report', 'the last line is the report');
      assert.equal(lines.filter((line) => line.type === 'result').length, lab.checks.length, 'one result line a check');
      const report = lines.at(-1)!.report!;
      assert.equal(failures(report), '', 'no check that ran failed');
      const skipped = report.checks.filter((check) => check.skipped).map((check) => check.id).sort();
      // A WebContainer has no second loopback address and no Redis (container/runner.ts); here signals do not arrive either.
      const cannotRun = lab.checks.filter((check) => check.needs?.some((need) => need === 'signals' || need === 'second-loopback' || need === 'redis' || need === 'process-memory')).map((check) => check.id).sort();
      assert.deepEqual(skipped, cannotRun);
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
      const left = existsSync(runs) ? readdirSync(runs) : [];
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
