/**
 * @module
 * The program the in-browser runtime runs inside a WebContainer, bundled with every lab's checks into
 * one file (`checks.mjs`, see src/build/container-files.ts) so it needs no install. It also runs on any
 * Node 22+, which is how it is tested.
 *
 *   node checks.mjs preflight <dir>
 *   node checks.mjs check <lab> <dir> [--host webcontainer] [--stream]
 *   node checks.mjs session <lab> <dir> [--host webcontainer]
 *   node checks.mjs list
 *
 * `<dir>` holds the lab's files (starter with the learner's editable files written over it) and the
 * lab's dependencies in `<dir>/node_modules`. `check` prints the JSON report (with --stream, each result
 * as it comes, then the report, one JSON object a line); exit 0 when every check passes, 1 when one
 * fails or was skipped, 2 for a usage or setup problem. `session` runs the learner's service on
 * command, see session.ts. `preflight` says what the container's Node can do (node-profile.ts); on
 * the WebContainer host, `check` and `session` start services the way it found to work.
 */
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findLab, labs } from '../../labs/index.ts';
import type { HostCapability } from '../engine/check.ts';
import type { Lab } from '../engine/lab.ts';
import { NodeHarness } from '../engine/node/node-harness.ts';
import { assertFolder, readFolder } from '../engine/node/read-folder.ts';
import { checkSlots, runLab } from '../engine/run-check.ts';
import type { SessionHarnessOptions } from '../server/lab-sessions.ts';
import { CONTAINER_LAYOUT, type CheckStreamItem, type NodeProfile, protocolLine } from '../runtime/container-protocol.ts';
import { CONTAINER_NODE, nodeProfile } from './node-profile.ts';
import { runSession } from './session.ts';

const HOST_NAMES = ['node', 'webcontainer'];

/** The type stripper's folder, beside checks.mjs where the browser mounts it (only when the preflight asked). */
const STRIPPER_DIR = fileURLToPath(new URL(`./${CONTAINER_LAYOUT.typeStripper}/`, import.meta.url));

class UsageError extends Error {}

function print(item: CheckStreamItem | { type: 'preflight'; profile: NodeProfile }): void {
  process.stdout.write(protocolLine(item));
}

/**
 * How services of `dir` run on this host: run folders inside `dir`, below its node_modules. In a
 * WebContainer there are no process groups, no extra loopback addresses, no Redis and no reading of a
 * process's memory from outside it, and the preflight decides how Node starts TypeScript and whether
 * signals are delivered.
 */
async function harnessOptionsFor(dir: string, hostName: string): Promise<SessionHarnessOptions> {
  const runFolders = { parent: join(dir, '.operable', 'runs') };
  if (hostName === 'node') return { runFolders, processGroups: true, lacks: new Set() };
  if (hostName !== 'webcontainer') throw new UsageError(`Unknown host "${hostName}": use ${HOST_NAMES.join(' or ')}.`);
  const profile = await nodeProfile(dir, { stripperDir: STRIPPER_DIR });
  if (profile.typeScript === 'unavailable') {
    throw new UsageError(
      `This container's Node (${profile.version}) cannot run the lab's TypeScript and no type stripper is mounted: reload the page, or use the local runtime.`,
    );
  }
  const lacks: HostCapability[] = ['second-loopback', 'redis', 'process-memory', ...(profile.signals ? [] : ['signals' as const])];
  return { runFolders, processGroups: false, lacks: new Set(lacks), node: { command: CONTAINER_NODE, args: profile.serviceArgs } };
}

function labNamed(id: string | undefined): Lab {
  if (!id) throw new UsageError('Which lab? e.g. `node checks.mjs check 04-health lab`.');
  const lab = findLab(id);
  if (!lab) throw new UsageError(`There is no lab "${id}". Labs: ${labs.map((entry) => entry.manifest.id).join(', ')}.`);
  return lab;
}

/** `<lab> <dir> [--host …]` of `command`: the lab, its folder (which must exist), and the harness options for the host. */
async function target(command: string, positionals: string[], host: string) {
  const lab = labNamed(positionals[0]);
  const dir = positionals[1];
  if (!dir) throw new UsageError(`Which folder? e.g. \`node checks.mjs ${command} 04-health lab\`.`);
  if (!HOST_NAMES.includes(host)) throw new UsageError(`Unknown host "${host}": use ${HOST_NAMES.join(' or ')}.`);
  await assertFolder(dir);
  return { lab, dir, options: await harnessOptionsFor(dir, host) };
}

async function check(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { host: { type: 'string', default: 'node' }, stream: { type: 'boolean', default: false } } });
  const { lab, dir, options } = await target('check', positionals, values.host);
  const files = await readFolder(dir);
  const missing = lab.manifest.editableFiles.filter((path) => !files.has(path));
  if (missing.length) throw new UsageError(`${dir} lacks ${missing.join(', ')}: it must hold the whole lab (starter and your files).`);
  const report = await runLab(lab, () => new NodeHarness({ ...options, manifest: lab.manifest, files }), {
    lacks: options.lacks,
    // Not every check's service at once: a container (or a Node stripping types itself) starts them slowly.
    slots: checkSlots(Math.max(4, availableParallelism() * 3)),
    onResult: values.stream ? (result) => print({ type: 'result', result }) : undefined,
  });
  if (values.stream) print({ type: 'report', report });
  else process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return report.passed ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'preflight': {
      const [dir] = rest;
      if (!dir) throw new UsageError('Which folder? e.g. `node checks.mjs preflight lab`.');
      await assertFolder(dir);
      print({ type: 'preflight', profile: await nodeProfile(dir, { stripperDir: STRIPPER_DIR }) });
      return 0;
    }
    case 'check':
      return check(rest);
    case 'session': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { host: { type: 'string', default: 'node' } } });
      const { lab, dir, options } = await target('session', positionals, values.host);
      await runSession(lab, dir, options);
      return 0;
    }
    case 'list':
      for (const lab of labs) process.stdout.write(`${lab.manifest.id}\t${lab.manifest.title}\n`);
      return 0;
    default:
      throw new UsageError('Usage: node checks.mjs preflight <dir> | check <lab> <dir> [--host webcontainer] [--stream] | session <lab> <dir> [--host webcontainer] | list');
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (process.argv.includes('--stream')) print({ type: 'error', message });
    process.stderr.write(`${message}\n`);
    process.exitCode = 2;
  },
);
