/**
 * `npm run grade -- <lab> <DIR> [--no-sandbox] [playwright test options]`: grades DIR with Playwright's
 * runner. Options after DIR go to `playwright test`, e.g. --reporter=junit, --workers=8, --shard=1/4.
 * Every service runs in the sandbox (src/engine/node/sandbox.ts), and as root the whole grading runs in
 * a private network namespace; without a sandbox, grading refuses unless --no-sandbox says to run the
 * submission as this user.
 * Exit code: Playwright's (0 all pass, 1 some fail), or 2 when the lab or the folder is wrong.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { findLab, labs } from '../labs/index.ts';
import { privateNetworkAvailable, rerunInPrivateNetwork } from '../src/engine/node/private-network.ts';
import { projectRoot } from '../src/engine/node/project-paths.ts';
import { assertFolder, SubmissionError } from '../src/engine/node/read-folder.ts';

const USAGE = 'Usage: npm run grade -- <lab> [DIR] [--no-sandbox] [playwright test options]';

function usageError(message: string): never {
  process.stderr.write(`grade: ${message}\n${USAGE}\nLabs: ${labs.map((lab) => lab.manifest.id).join(', ')}\n`);
  process.exit(2);
}

const [labId, maybeDir, ...rest] = process.argv.slice(2);
if (!labId || labId.startsWith('-')) usageError('which lab?');
if (!findLab(labId)) usageError(`there is no lab "${labId}".`);
const dir = maybeDir && !maybeDir.startsWith('-') ? resolve(maybeDir) : undefined;
const options = dir || !maybeDir ? rest : [maybeDir, ...rest];
const noSandbox = options.includes('--no-sandbox');
const playwrightArgs = options.filter((option) => option !== '--no-sandbox');
if (dir) {
  try {
    await assertFolder(dir);
  } catch (error) {
    if (error instanceof SubmissionError) usageError(error.message);
    throw error;
  }
}

// As `operable check` does: the whole grading in a network namespace of its own where it can be
// (private-network.ts), so a submission reaches only its own checks' fakes, and no other grading.
if (!noSandbox && privateNetworkAvailable()) process.exit(await rerunInPrivateNetwork());

const require = createRequire(import.meta.url);
const playwrightCli = join(dirname(require.resolve('@playwright/test/package.json')), 'cli.js');
const child = spawn(process.execPath, [playwrightCli, 'test', '-c', join(projectRoot, 'grading', 'playwright.config.ts'), ...playwrightArgs], {
  stdio: 'inherit',
  env: { ...process.env, OPERABLE_LAB: labId, OPERABLE_SUBMISSION: dir ?? '', OPERABLE_SANDBOX: noSandbox ? 'off' : 'required' },
});
// Ctrl-C reaches Playwright through the terminal's process group; wait for it to clean up.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
