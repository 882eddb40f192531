/**
 * `npm run grade -- <lab> <DIR> [--no-sandbox] [playwright test options]`: grades DIR with Playwright's
 * runner. Options after DIR go to `playwright test`, e.g. --reporter=junit, --workers=8, --shard=1/4.
 * `npm run grade -- --submissions <root> [--no-sandbox] [playwright test options]`: grades a repository
 * of submissions laid out `<root>/<learner>/<lab-id>/…`, a test per (learner, lab) (submissions.spec.ts);
 * `node grading/gradebook.ts` turns its JSON report into grades (docs/ci-grading.md).
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
import { findSubmissions } from './submissions.ts';

const USAGE = `Usage: npm run grade -- <lab> [DIR] [--no-sandbox] [playwright test options]
       npm run grade -- --submissions <root> [--no-sandbox] [playwright test options]`;

function usageError(message: string): never {
  process.stderr.write(`grade: ${message}\n${USAGE}\nLabs: ${labs.map((lab) => lab.manifest.id).join(', ')}\n`);
  process.exit(2);
}

/** What to grade: one folder against one lab, or a whole repository of submissions. */
type Target = { labId: string; dir?: string; submissionsRoot?: undefined } | { submissionsRoot: string; labId?: undefined; dir?: undefined };

function parseTarget(args: string[]): { target: Target; options: string[] } {
  const [first, maybeDir, ...rest] = args;
  if (first === '--submissions' || first?.startsWith('--submissions=')) {
    const root = first === '--submissions' ? maybeDir : first.slice('--submissions='.length);
    if (!root || root.startsWith('-')) usageError('--submissions needs the folder of submissions.');
    return { target: { submissionsRoot: resolve(root) }, options: first === '--submissions' ? rest : [maybeDir, ...rest].filter((arg) => arg !== undefined) };
  }
  if (!first || first.startsWith('-')) usageError('which lab? (or --submissions <root>)');
  if (!findLab(first)) usageError(`there is no lab "${first}".`);
  const dir = maybeDir && !maybeDir.startsWith('-') ? resolve(maybeDir) : undefined;
  return { target: { labId: first, dir }, options: dir || !maybeDir ? rest : [maybeDir, ...rest] };
}

const { target, options } = parseTarget(process.argv.slice(2));
const noSandbox = options.includes('--no-sandbox');
const playwrightArgs = options.filter((option) => option !== '--no-sandbox');
try {
  if (target.dir) await assertFolder(target.dir);
  if (target.submissionsRoot) findSubmissions(target.submissionsRoot);
} catch (error) {
  if (error instanceof SubmissionError) usageError(error.message);
  throw error;
}

// As `operable check` does: the whole grading in a network namespace of its own where it can be
// (private-network.ts), so a submission reaches only its own checks' fakes, and no other grading.
if (!noSandbox && privateNetworkAvailable()) process.exit(await rerunInPrivateNetwork());

const require = createRequire(import.meta.url);
const playwrightCli = join(dirname(require.resolve('@playwright/test/package.json')), 'cli.js');
const child = spawn(process.execPath, [playwrightCli, 'test', '-c', join(projectRoot, 'grading', 'playwright.config.ts'), ...playwrightArgs], {
  stdio: 'inherit',
  env: {
    ...process.env,
    OPERABLE_LAB: target.labId ?? '',
    OPERABLE_SUBMISSION: target.dir ?? '',
    OPERABLE_SUBMISSIONS_ROOT: target.submissionsRoot ?? '',
    OPERABLE_SANDBOX: noSandbox ? 'off' : 'required',
  },
});
// Ctrl-C reaches Playwright through the terminal's process group; wait for it to clean up.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
