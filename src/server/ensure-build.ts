/**
 * @module
 * `npm start` on a fresh clone must just work: build the site when dist/ is missing or older than its
 * sources, with the build's own progress output, before the server starts.
 */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { lock } from 'proper-lockfile';
import { projectRoot } from '../engine/node/project-paths.ts';

const SOURCES = ['src', 'labs', 'exercises', 'solutions', 'public', 'astro.config.mjs', 'package-lock.json'];
export const distDir = join(projectRoot, 'dist');
// Written last by `astro build` (prerendering ends with the home page): its time is the build's.
const builtMarker = join(distDir, 'client', 'index.html');

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, await newestMtime(join(path, entry)));
  }
  return newest;
}

export async function isBuildStale(): Promise<boolean> {
  const built = (await stat(builtMarker).catch(() => undefined))?.mtimeMs ?? 0;
  if (!built) return true;
  for (const source of SOURCES) if ((await newestMtime(join(projectRoot, source))) > built) return true;
  return false;
}

/**
 * Runs `astro build` when needed; rejects with the reason when the build fails. Two `npm start` at
 * once build one after the other, not into the same dist/ together: the second waits for the lock
 * (given up if its holder stops updating it for two minutes) and finds the build fresh.
 */
export async function ensureBuild(say: (message: string) => void): Promise<void> {
  if (!(await isBuildStale())) return;
  const release = await lock(projectRoot, {
    lockfilePath: join(projectRoot, '.operable-build.lock'),
    stale: 120_000,
    update: 10_000,
    retries: { retries: 600, minTimeout: 500, maxTimeout: 1_000 },
    onCompromised: () => undefined, // a build that outlived its lock still finishes; the next start checks staleness again
  }).catch((error: Error) => {
    throw new Error(`Could not take the build lock (.operable-build.lock): ${error.message}. Is another \`npm start\` building? Wait for it, or remove the file.`);
  });
  try {
    if (!(await isBuildStale())) return say('Another start built the site meanwhile.');
    await build(say);
  } finally {
    await release().catch(() => undefined);
  }
}

async function build(say: (message: string) => void): Promise<void> {
  say('Building the course site (about twenty seconds on first start; later starts reuse the build)…');
  const astro = join(projectRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [astro, 'build'], {
      cwd: projectRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`astro build failed (exit ${code}); its output is above.`);
}
