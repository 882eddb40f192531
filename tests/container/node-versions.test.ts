/**
 * Every lab's in-browser bundle run by the Node versions a WebContainer may have: 20 (its default,
 * which cannot run `.ts`: the runner starts services through the type stripper), 22.12 (types
 * stripped behind a flag) and the newest 22 (strips types itself, what the mounted `.nvmrc` asks
 * for). With the in-container runner on each: the preflight finds the right way, the reference
 * passes every check, the starter fails. The closest this machine gets to a real WebContainer.
 *
 * Every lab runs on Node 20, whose path differs most (services started through the stripper's load
 * hooks, CommonJS dependencies included); on the two 22s, where only the TypeScript flag differs, one
 * lab with the heaviest dependencies stands for all: the bundled runner on this Node
 * (runner-bundle.test.ts) already runs every lab's reference and starter, and the suite must stay short.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { labs } from '../../labs/index.ts';
import { labFolders } from '../../src/engine/node/project-paths.ts';
import type { NodeProfile } from '../../src/runtime/container-protocol.ts';
import { assertNoNodeModulesAbove, failures, runNode, streamed, writeContainer } from '../support/container-folder.ts';
import { type NodeBinary, nodeBinary } from '../support/node-versions.ts';

/** `starter`: also grade each lab's starter (it must run there and fail); the reference alone on Node 20, whose every lab is graded. */
const VERSIONS: { range: string; typeScript: NodeProfile['typeScript']; labIds: 'every lab' | string[]; starter: boolean }[] = [
  { range: '20', typeScript: 'stripper', labIds: 'every lab', starter: false },
  { range: '22.12.0', typeScript: 'flag', labIds: ['06-tracing'], starter: true },
  { range: '22', typeScript: 'native', labIds: ['05-metrics', '09-background-jobs'], starter: true },
];

/** Runs checks.mjs on `node` with that Node first in PATH, as the container's `node` would be. */
function runOn(node: NodeBinary, cwd: string, args: string[]) {
  return runNode(cwd, ['checks.mjs', ...args], { node: node.path, env: { PATH: `${node.binDir}:${process.env.PATH}` } });
}

for (const { range, typeScript, labIds, starter: gradeStarter } of VERSIONS) {
  // Two labs graded at once: a grading mostly waits (for deadlines, drains, timeouts), and the suite must stay short.
  describe(`in-container runner on Node ${range}`, { concurrency: 2 }, () => {
    let node: NodeBinary;
    let root: string;
    before(async () => {
      node = await nodeBinary(range);
      root = await mkdtemp(join(tmpdir(), `operable-node-${range}-`));
      assertNoNodeModulesAbove(root);
    });
    after(() => rm(root, { recursive: true, force: true }));

    test(`the preflight finds how it runs TypeScript (${typeScript}) and that signals arrive`, async () => {
      const folder = join(root, 'preflight');
      await writeContainer('04-health', folder, { typeStripper: true });
      const run = await runOn(node, folder, ['preflight', 'lab']);
      assert.equal(run.code, 0, run.stderr);
      const [message] = streamed<{ type: string; profile: NodeProfile }>(run.stdout);
      assert.equal(message?.type, 'preflight');
      assert.equal(message.profile.version, node.version);
      assert.equal(message.profile.typeScript, typeScript);
      assert.equal(message.profile.signals, true, 'a real Node on Linux delivers SIGTERM');
    });

    if (typeScript === 'stripper') {
      test('without the type stripper mounted, checks refuse to run (exit 2) and say why: no check fails for it', async () => {
        const folder = join(root, 'no-stripper');
        await writeContainer('04-health', folder);
        const run = await runOn(node, folder, ['check', '04-health', 'lab', '--host', 'webcontainer', '--stream']);
        assert.equal(run.code, 2);
        const [message] = streamed<{ type: string; message?: string }>(run.stdout);
        assert.equal(message?.type, 'error');
        assert.match(message.message!, /Node \(v20\.[\d.]+\) cannot run the lab's TypeScript/);
      });
    }

    for (const lab of labs.filter((candidate) => labIds === 'every lab' || labIds.includes(candidate.manifest.id))) {
      const { id, editableFiles } = lab.manifest;
      test(`lab ${id}: the reference passes every check${gradeStarter ? ', the starter fails' : ''}`, async () => {
        const reference = join(root, `${id}-reference`);
        await writeContainer(id, reference, { editableFrom: labFolders(id).solution, editable: editableFiles, typeStripper: true });
        const passing = await runOn(node, reference, ['check', id, 'lab', '--host', 'webcontainer', '--stream']);
        const referenceReport = streamed(passing.stdout).at(-1)?.report;
        assert.ok(referenceReport, `no report: exit ${passing.code}\n${passing.stderr}\n${passing.stdout.slice(-1500)}`);
        assert.equal(failures(referenceReport), '', 'no check fails');
        // Signals arrive here, so only what a WebContainer never has is skipped: a second loopback address, a
        // Redis, a reading of the service's memory from outside it.
        const skipped = referenceReport.checks.filter((check) => check.skipped).map((check) => check.id).sort();
        const neverInContainer = lab.checks.filter((check) => check.needs?.some((need) => need === 'second-loopback' || need === 'redis' || need === 'process-memory')).map((check) => check.id).sort();
        assert.deepEqual(skipped, neverInContainer, 'only the checks needing a second loopback address, Redis or an outside reading of memory are skipped: signals arrive');
        assert.equal(passing.code, skipped.length ? 1 : 0);

        if (!gradeStarter) return;
        const starter = join(root, `${id}-starter`);
        await writeContainer(id, starter, { typeStripper: true });
        const failing = await runOn(node, starter, ['check', id, 'lab', '--host', 'webcontainer', '--stream']);
        const starterReport = streamed(failing.stdout).at(-1)?.report;
        assert.ok(starterReport, `no report: exit ${failing.code}\n${failing.stderr}`);
        assert.equal(failing.code, 1);
        assert.equal(starterReport.passed, false);
        assert.equal(starterReport.checks.find((check) => check.id === 'service.answers')?.passed, true, 'the starter runs on this Node');
      });
    }
  });
}
