/**
 * @module
 * Node binaries of other versions, for running the in-container runner the way a WebContainer's
 * Node 20 or 22 would. They come from the npm registry as `node-<os>-<arch>` packages (what the
 * `node` package itself installs) and are cached under node_modules/.cache, so only the first run
 * downloads them (about 45 MB each).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { arch, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../src/engine/node/project-paths.ts';

const run = promisify(execFile);
const CACHE = join(projectRoot, 'node_modules', '.cache', 'operable-node-versions');

export interface NodeBinary {
  /** e.g. v20.20.2 */
  version: string;
  /** The binary itself. */
  path: string;
  /** A folder holding only `node` (a link to the binary): put it first in PATH so `node` is this one. */
  binDir: string;
}

/** npm, run on the Node running the tests (the machine's own npm may sit on an older Node). */
function npm(args: string[], cwd: string) {
  const cli = process.env.npm_execpath;
  return cli && cli.endsWith('.js') ? run(process.execPath, [cli, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 }) : run('npm', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
}

/** The Node binary for a version range of the registry's `node-<os>-<arch>` package, downloaded once. */
export async function nodeBinary(range: string): Promise<NodeBinary> {
  const folder = join(CACHE, range.replace(/[^\w.-]/g, '_'));
  const binDir = join(folder, 'bin');
  const path = join(folder, 'node');
  if (!existsSync(join(binDir, 'node'))) {
    const pkg = `node-${platform()}-${arch()}@${range}`;
    process.stderr.write(`Downloading ${pkg} from the npm registry (once; cached in ${folder})…\n`);
    const work = await mkdtemp(join(tmpdir(), 'operable-node-download-'));
    try {
      let packed: { filename: string; version: string }[];
      try {
        packed = JSON.parse((await npm(['pack', pkg, '--json', '--pack-destination', work], work)).stdout) as typeof packed;
      } catch (error) {
        throw new Error(`Could not download ${pkg} from the npm registry (this test needs it to run the lab bundles on that Node): ${(error as Error).message}`);
      }
      await run('tar', ['xzf', join(work, packed[0]!.filename), '-C', work, 'package/bin/node']);
      await rm(folder, { recursive: true, force: true });
      await mkdir(binDir, { recursive: true });
      await rename(join(work, 'package', 'bin', 'node'), path);
      await writeFile(join(folder, 'version'), `v${packed[0]!.version}\n`);
      await symlink(path, join(binDir, 'node'));
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  return { version: (await readFile(join(folder, 'version'), 'utf8')).trim(), path, binDir };
}
