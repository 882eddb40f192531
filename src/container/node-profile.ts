/**
 * @module
 * The preflight of the in-container runner: what the container's Node can do, found out by trying it
 * rather than assumed. A WebContainer runs Node 20 unless asked for 22 (and 20 cannot run `.ts`);
 * whether a signal reaches a process there is unverified. So before it starts a lab service the
 * runner learns, once per Node version, how to start TypeScript (natively, with a flag, or through
 * the mounted type stripper), whether Node takes a heap limit, and whether SIGTERM is delivered.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NodeProfile } from '../runtime/container-protocol.ts';

/** The container's own Node, by name: where it lives is the container's business. */
export const CONTAINER_NODE = 'node';
const HEAP_LIMIT = ['--max-old-space-size=256'];
/** Node 22.6–22.17 strip types behind a flag; the warning it prints would land in the service's stderr. */
const STRIP_TYPES_FLAG = ['--experimental-strip-types', '--disable-warning=ExperimentalWarning'];
const PROBE_TIMEOUT_MS = 15_000;
const SIGNAL_TIMEOUT_MS = 3_000;

/** A two-file ES module in TypeScript with a `.ts` import specifier: what every lab service is. */
const PROBE_FILES: Record<string, string> = {
  'package.json': '{ "type": "module" }\n',
  'answer.ts': 'export const answer: number = 42;\n',
  'main.ts': "import { answer } from './answer.ts';\nconst value: number = answer;\nprocess.stdout.write(`typescript-ok ${value}\\n`);\n",
};

/** Waits for SIGTERM, says so, and exits 0: the handler a graceful-shutdown lab relies on. */
const SIGNAL_PROBE = "process.on('SIGTERM', () => { process.stdout.write('got-sigterm\\n'); process.exit(0); }); process.stdout.write('ready\\n'); setInterval(() => {}, 1000);";

/**
 * Loaded into every lab service in the container: ends it when the session or check runner that
 * started it is gone, because killing a process there is not known to reach its children.
 */
const ORPHAN_GUARD = `// Written by the Operable runner: ends this lab service once the process that started it is gone.
const parent = process.ppid;
function parentGone() {
  if (process.ppid !== parent) return true;
  try {
    process.kill(parent, 0);
    return false;
  } catch (error) {
    return error.code === 'ESRCH';
  }
}
setInterval(() => {
  if (parentGone()) process.exit(0);
}, 1000).unref();
`;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the container's Node with `args` in `cwd`; a run past the timeout is killed and counts as failed. */
function tryNode(command: string, args: string[], cwd: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: error.message });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Whether SIGTERM sent the way the harness sends it (ChildProcess.kill) reaches the process's handler. */
function deliversSignals(command: string, cwd: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, ['-e', SIGNAL_PROBE], { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    // Delivered or not, the probe must not outlive the preflight.
    let deadline = setTimeout(() => child.kill('SIGKILL'), PROBE_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const wasReady = stdout.includes('ready');
      stdout += chunk;
      if (!wasReady && stdout.includes('ready')) {
        child.kill('SIGTERM');
        clearTimeout(deadline);
        deadline = setTimeout(() => child.kill('SIGKILL'), SIGNAL_TIMEOUT_MS);
      }
    });
    child.once('error', () => resolve(false));
    child.once('close', (code) => {
      clearTimeout(deadline);
      resolve(code === 0 && stdout.includes('got-sigterm'));
    });
  });
}

/** Where the runner keeps what it learned, and the files it writes for the services. */
function operableFolder(dir: string): string {
  return join(dir, '.operable');
}

export interface ProfileOptions {
  /** The mounted type stripper's folder (holding register.mjs), if any. */
  stripperDir?: string;
  /** The Node to try (tests point it at other versions); the container's `node` by default. */
  command?: string;
}

/** Finds out what the container's Node (`version`, as its own `--version` says) can do; see the module comment. */
async function probeNode(dir: string, version: string, options: ProfileOptions = {}): Promise<NodeProfile> {
  const command = options.command ?? CONTAINER_NODE;
  const began = performance.now();
  const folder = operableFolder(dir);
  const probeDir = join(folder, 'preflight');
  await mkdir(probeDir, { recursive: true });
  for (const [name, content] of Object.entries(PROBE_FILES)) await writeFile(join(probeDir, name), content);
  const guard = join(folder, 'orphan-guard.mjs');
  await writeFile(guard, ORPHAN_GUARD);
  try {
    const signals = deliversSignals(command, probeDir);
    const heap = (await tryNode(command, [...HEAP_LIMIT, '-e', 'process.stdout.write("ok")'], probeDir)).stdout === 'ok' ? HEAP_LIMIT : [];
    const register = options.stripperDir ? join(options.stripperDir, 'register.mjs') : undefined;
    const candidates: [NodeProfile['typeScript'], string[]][] = [
      ['native', []],
      ['flag', STRIP_TYPES_FLAG],
      ...(register && existsSync(register) ? [['stripper', ['--import', pathToFileURL(register).href]] as [NodeProfile['typeScript'], string[]]] : []),
    ];
    let typeScript: NodeProfile['typeScript'] = 'unavailable';
    let typeScriptArgs: string[] = [];
    for (const [kind, flags] of candidates) {
      const outcome = await tryNode(command, [...heap, ...flags, 'main.ts'], probeDir);
      if (outcome.code === 0 && outcome.stdout.includes('typescript-ok 42')) {
        typeScript = kind;
        typeScriptArgs = flags;
        break;
      }
    }
    return {
      version,
      typeScript,
      signals: await signals,
      serviceArgs: [...heap, ...typeScriptArgs, '--import', pathToFileURL(guard).href],
      probedMs: Math.round(performance.now() - began),
    };
  } finally {
    await rm(probeDir, { recursive: true, force: true });
  }
}

interface CachedProfile {
  key: string;
  profile: NodeProfile;
}

/**
 * The profile of the container's Node, probed once and cached in `<dir>/.operable/node-profile.json`
 * (the session and every check run share it); probed again when the Node or the stripper changed.
 */
export async function nodeProfile(dir: string, options: ProfileOptions = {}): Promise<NodeProfile> {
  // The runner itself runs on the container's `node`, so its own version is that Node's.
  const version = options.command ? (await tryNode(options.command, ['--version'], dir)).stdout.trim() : process.version;
  const stripper = options.stripperDir !== undefined && existsSync(join(options.stripperDir, 'register.mjs'));
  const key = `${options.command ?? CONTAINER_NODE} ${version} stripper:${stripper ? 'yes' : 'no'}`;
  const path = join(operableFolder(dir), 'node-profile.json');
  const cached = await readFile(path, 'utf8').then((text) => JSON.parse(text) as CachedProfile, () => undefined);
  if (cached?.key === key && existsSync(join(operableFolder(dir), 'orphan-guard.mjs'))) return cached.profile;
  const profile = await probeNode(dir, version || 'unknown', options);
  await writeFile(path, JSON.stringify({ key, profile } satisfies CachedProfile));
  return profile;
}
