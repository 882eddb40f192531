/**
 * @module
 * A stand-in for `@webcontainer/api` (behind our own interface, src/runtime/container-api.ts): the
 * real WebContainer loads StackBlitz's hosted runtime, which tests cannot reach. Booting is
 * configurable (succeeds, hangs as offline, fails, or waits for the test); the container it boots is
 * a real temporary folder, and `spawn` runs real child processes in it whose output looks like a
 * terminal's (stdout and stderr together, `\n` written as `\r\n`).
 *
 * Every process a fake container starts (and everything those start) is killed by `teardown()` or
 * `dispose()`, and its folder removed; `survivors()` says what would still be running.
 *
 * `behaviour` makes it act as a real WebContainer may (see FakeContainerBehaviour): another Node
 * (one that cannot run `.ts`), terminal escape codes in the output, UTF-8 decoded chunk by chunk,
 * signals that never arrive, a kill that does not reach a process's children.
 */
import { type ChildProcess, spawn as spawnChild } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { BootContainer, Container, ContainerEventMap, ContainerProcess, ContainerTree } from '../../src/runtime/container-api.ts';

/** How `boot()` behaves. `manual` waits until the test calls `resolveBoot()` or `rejectBoot()`. */
export type FakeBoot = { kind: 'ok'; delayMs?: number } | { kind: 'hang' } | { kind: 'fail'; message: string; delayMs?: number } | { kind: 'manual' };

/** Ways the real WebContainer may differ from a plain Node on Linux; each off by default. */
export interface FakeContainerBehaviour {
  /** The container's `node` (by name, for every process in it): e.g. a Node 20 from tests/support/node-versions.ts. */
  node?: { path: string; binDir?: string };
  /** Output carries terminal escape codes: a few at its start and a colour reset at the start of every line. */
  escapeCodes?: boolean;
  /** Output is decoded a few bytes at a time, so a character cut across chunks becomes U+FFFD. */
  splitUtf8?: boolean;
  /** false: signals other than SIGKILL sent by processes in the container never arrive (default true). */
  signals?: boolean;
  /** false: `kill()` ends the process alone, never its children (default true). */
  killReachesChildren?: boolean;
}

export interface FakeContainerHostOptions {
  boot?: FakeBoot;
  behaviour?: FakeContainerBehaviour;
}

const NO_SIGNALS_PRELOAD = new URL('./no-signals.mjs', import.meta.url).href;
const ESCAPES_AT_START = '\x1b[?2004l\x1b[?25h\x1b[2K\x1b[1G';
const ESCAPE_AT_LINE_START = '\x1b[0m';

/** Decodes a chunk a few bytes at a time, each piece on its own, as a per-chunk decoder would. */
function decodeInPieces(bytes: Buffer): string {
  let text = '';
  for (let at = 0; at < bytes.length; at += 3) text += new TextDecoder().decode(bytes.subarray(at, at + 3));
  return text;
}

/** A process a fake container spawned. */
export interface FakeProcessRecord {
  readonly pid: number;
  readonly command: string;
  readonly args: readonly string[];
  /** The exit code once it ended (signal-killed: 128 + the signal's number, as a shell reports it). */
  exitCode: number | undefined;
  readonly exit: Promise<number>;
}

/** Marks every process a fake container starts; inherited by their children unless they drop the environment. */
const MARKER_ENV = 'OPERABLE_FAKE_WEBCONTAINER';

/** Every fake container's folder and process group not yet cleaned up, for the exit handler below. */
const liveRoots = new Set<string>();
const liveGroups = new Set<number>();

// A test that crashes still leaves nothing behind; 'exit' handlers must be synchronous.
process.once('exit', () => {
  for (const pid of liveGroups) signalQuietly(-pid);
  for (const root of liveRoots) rmSync(root, { recursive: true, force: true });
});

function signalQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

interface ProcStat {
  state: string;
  ppid: number;
  pgid: number;
}

function procStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', ppid: Number(fields[1]), pgid: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

/** Alive and not a zombie waiting to be reaped. */
function isAlive(pid: number): boolean {
  if (existsSync('/proc')) {
    const stat = procStat(pid);
    return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function listPids(): number[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => pid !== process.pid);
}

/** The living processes descending from `roots`, and with `of`, those belonging to a container (their cwd or command line is in its folder, or they carry its marker). */
function relatedProcesses(roots: Iterable<number>, of?: { folder: string; marker: string }): number[] {
  const pids = listPids();
  const children = new Map<number, number[]>();
  for (const pid of pids) {
    const stat = procStat(pid);
    if (!stat) continue;
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  }
  const found = new Set<number>();
  const queue = [...roots];
  while (queue.length) {
    const pid = queue.shift()!;
    if (found.has(pid)) continue;
    found.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  if (!of) return [...found].filter(isAlive);
  const { folder, marker } = of;
  const inside = (path: string) => path === folder || path.startsWith(folder + sep);
  for (const pid of pids) {
    if (found.has(pid)) continue;
    try {
      if (inside(readlinkSync(`/proc/${pid}/cwd`))) found.add(pid);
      else if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').some(inside)) found.add(pid);
      else if (readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`${MARKER_ENV}=${marker}`)) found.add(pid);
    } catch {
      // gone, or not ours to read
    }
  }
  return [...found].filter(isAlive);
}

/** SIGKILLs each process and every group one of them leads (never the test runner's own group). */
function killAll(pids: Iterable<number>): void {
  const ownGroup = procStat(process.pid)?.pgid;
  for (const pid of pids) {
    const stat = procStat(pid);
    if (stat && stat.pgid === pid && pid !== ownGroup) signalQuietly(-pid);
    signalQuietly(pid);
  }
}

async function waitUntilGone(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = performance.now() + timeoutMs;
  let alive = pids.filter(isAlive);
  while (alive.length && performance.now() < deadline) {
    await new Promise((done) => setTimeout(done, 20));
    alive = alive.filter(isAlive);
  }
  return alive;
}

let containerCount = 0;

/** A container backed by a temporary folder. Paths are relative to it, as to a WebContainer's workdir. */
export class FakeContainer implements Container {
  readonly root: string;
  readonly processes: FakeProcessRecord[] = [];
  private readonly children = new Map<number, ChildProcess>();
  private readonly listeners: { [E in keyof ContainerEventMap]: Set<ContainerEventMap[E]> } = { port: new Set(), 'server-ready': new Set(), error: new Set() };
  private readonly marker: string;
  private readonly behaviour: FakeContainerBehaviour;
  /** A folder outside the container holding only `node`: first in PATH, so `node` is the container's own. */
  private readonly binDir: string;
  private tornDown = false;

  private constructor(root: string, binDir: string, behaviour: FakeContainerBehaviour) {
    this.root = root;
    this.binDir = binDir;
    this.behaviour = behaviour;
    this.marker = `${process.pid}-${++containerCount}`;
  }

  static async create(behaviour: FakeContainerBehaviour = {}): Promise<FakeContainer> {
    const root = await realpath(await mkdtemp(join(tmpdir(), 'operable-fake-webcontainer-')));
    liveRoots.add(root);
    const binDir = await mkdtemp(join(tmpdir(), 'operable-fake-webcontainer-bin-'));
    liveRoots.add(binDir);
    await symlink(behaviour.node?.path ?? process.execPath, join(binDir, 'node'));
    return new FakeContainer(root, binDir, behaviour);
  }

  /** The container's Node binary. */
  get nodePath(): string {
    return this.behaviour.node?.path ?? process.execPath;
  }

  /** The absolute path of `path` inside the folder; rejects absolute paths and ones that leave it. */
  resolvePath(path: string): string {
    if (this.tornDown) throw new Error('The fake container was torn down.');
    if (isAbsolute(path)) throw new Error(`EACCES: the fake container takes paths relative to its workdir, not "${path}"`);
    const target = resolve(this.root, path);
    const rel = relative(this.root, target);
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw new Error(`EACCES: "${path}" is outside the container`);
    return target;
  }

  readonly fs = {
    writeFile: async (path: string, data: string): Promise<void> => writeFile(this.resolvePath(path), data),
    mkdir: async (path: string, options: { recursive: true }): Promise<unknown> => mkdir(this.resolvePath(path), options),
    rm: async (path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void> => rm(this.resolvePath(path), options),
  };

  async mount(tree: ContainerTree, at = ''): Promise<void> {
    for (const [name, node] of Object.entries(tree)) {
      if (!name || name.includes('/') || name === '.' || name === '..') throw new Error(`Invalid name in a mounted tree: "${name}"`);
      const path = at ? `${at}/${name}` : name;
      if ('directory' in node) {
        await mkdir(this.resolvePath(path), { recursive: true });
        await this.mount(node.directory, path);
      } else {
        await mkdir(dirname(this.resolvePath(path)), { recursive: true });
        await writeFile(this.resolvePath(path), node.file.contents);
      }
    }
  }

  async spawn(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<ContainerProcess> {
    const cwd = this.resolvePath(options.cwd ?? '.');
    const env: Record<string, string | undefined> = { ...process.env, ...options.env, [MARKER_ENV]: this.marker, PATH: `${this.binDir}${delimiter}${process.env.PATH ?? ''}` };
    // node --test tells its child processes they are test files through this; the container's are not.
    delete env.NODE_TEST_CONTEXT;
    if (this.behaviour.signals === false) env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --import ${NO_SIGNALS_PRELOAD}`.trim();
    const child = spawnChild(command === 'node' ? this.nodePath : command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });

    let controller!: ReadableStreamDefaultController<string>;
    const output = new ReadableStream<string>({ start: (c) => void (controller = c) });
    const { escapeCodes, splitUtf8 } = this.behaviour;
    let atStart = true;
    // A pseudo-terminal turns every \n into \r\n (and keeps a \r the program wrote itself).
    const write = (text: string) => {
      let shown = text.replace(/\n/g, '\r\n');
      if (escapeCodes) {
        shown = shown.replace(/\n(?=.)/gs, `\n${ESCAPE_AT_LINE_START}`);
        if (atStart) shown = ESCAPES_AT_START + shown;
      }
      atStart = false;
      try {
        controller.enqueue(shown);
      } catch {
        // the reader cancelled the stream
      }
    };
    let openStreams = 2;
    for (const stream of [child.stdout, child.stderr]) {
      const decoder = new StringDecoder('utf8');
      stream.on('data', (bytes: Buffer) => write(splitUtf8 ? decodeInPieces(bytes) : decoder.write(bytes)));
      stream.once('close', () => {
        if (--openStreams === 0) {
          try {
            controller.close();
          } catch {
            // cancelled
          }
        }
      });
    }

    const spawned = await new Promise<Error | undefined>((done) => {
      child.once('spawn', () => done(undefined));
      child.once('error', done);
    });
    const record: FakeProcessRecord = {
      pid: child.pid ?? -1,
      command,
      args,
      exitCode: undefined,
      exit: new Promise<number>((done) => {
        if (spawned) {
          write(`jsh: command not found: ${command}\n`);
          done(127);
          return;
        }
        child.once('exit', (code, signal) => {
          liveGroups.delete(child.pid!);
          this.children.delete(child.pid!);
          done(code ?? 128 + (signal ? constants.signals[signal] : 0));
        });
      }),
    };
    void record.exit.then((code) => (record.exitCode = code));
    this.processes.push(record);
    if (!spawned) {
      this.children.set(child.pid!, child);
      liveGroups.add(child.pid!);
    }
    return {
      output,
      exit: record.exit,
      kill: () => {
        if (spawned || child.exitCode !== null || child.signalCode !== null) return;
        if (this.behaviour.killReachesChildren === false) signalQuietly(child.pid!);
        else this.killProcess(child.pid!);
      },
    };
  }

  /** SIGKILLs the process, its group and everything it started. */
  private killProcess(pid: number): void {
    const descendants = existsSync('/proc') ? relatedProcesses([pid]) : [];
    killAll([pid, ...descendants]);
  }

  on<E extends keyof ContainerEventMap>(event: E, listener: ContainerEventMap[E]): () => void {
    const set = this.listeners[event] as Set<ContainerEventMap[E]>;
    set.add(listener);
    return () => void set.delete(listener);
  }

  /** Test helpers: what the real container reports by itself. */
  firePort(port: number, type: 'open' | 'close', url: string): void {
    for (const listener of this.listeners.port) listener(port, type, url);
  }

  fireServerReady(port: number, url: string): void {
    for (const listener of this.listeners['server-ready']) listener(port, url);
  }

  fireError(message: string): void {
    for (const listener of this.listeners.error) listener({ message });
  }

  listenerCount(event: keyof ContainerEventMap): number {
    return this.listeners[event].size;
  }

  /** Processes of this container still running: those it spawned, what they started, anything running in its folder. */
  survivors(): number[] {
    if (!existsSync('/proc')) return [...this.children.keys()].filter(isAlive);
    return relatedProcesses(this.children.keys(), { folder: this.root, marker: this.marker });
  }

  /** Kills every process (synchronously, as the real one is) and removes the folder. */
  teardown(): void {
    if (this.tornDown) return;
    killAll([...this.children.keys(), ...this.survivors()]);
    this.tornDown = true;
    for (const folder of [this.root, this.binDir]) {
      rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
      liveRoots.delete(folder);
    }
  }

  /** teardown(), then waits until every process is gone; rejects naming the ones that are not. */
  async dispose(): Promise<void> {
    const pids = [...this.children.keys(), ...(this.tornDown ? [] : this.survivors())];
    killAll(pids);
    const alive = await waitUntilGone(pids, 5_000);
    await Promise.all(this.processes.map((record) => (record.pid > 0 && !alive.includes(record.pid) ? record.exit : undefined)));
    if (!this.tornDown) {
      this.tornDown = true;
      for (const folder of [this.root, this.binDir]) {
        await rm(folder, { recursive: true, force: true, maxRetries: 3 });
        liveRoots.delete(folder);
      }
    }
    if (alive.length) throw new Error(`Processes of the fake container survived SIGKILL: ${alive.join(', ')}`);
  }
}

export interface FakeContainerHost {
  /** What the runtime is given in place of `WebContainer.boot()`. */
  readonly boot: BootContainer;
  /** How many times `boot` was called. */
  readonly bootCalls: number;
  /** Changes how later `boot` calls behave. */
  setBoot(behaviour: FakeBoot): void;
  /** Settles every boot waiting in `manual` mode. */
  resolveBoot(): void;
  rejectBoot(message: string): void;
  /** Every container booted so far; `container` is the last one. */
  readonly containers: readonly FakeContainer[];
  readonly container: FakeContainer;
  fireServerReady(port: number, url: string): void;
  firePort(port: number, type: 'open' | 'close', url: string): void;
  fireError(message: string): void;
  /** Kills every process of every container, waits until they are gone, removes the folders. */
  dispose(): Promise<void>;
}

export function createFakeContainerHost(options: FakeContainerHostOptions = {}): FakeContainerHost {
  let behaviour: FakeBoot = options.boot ?? { kind: 'ok' };
  let bootCalls = 0;
  const containers: FakeContainer[] = [];
  const manual: { resolve: () => void; reject: (error: Error) => void }[] = [];
  let disposed = false;

  const booted = async () => {
    if (disposed) throw new Error('The fake container host was disposed.');
    const container = await FakeContainer.create(options.behaviour);
    containers.push(container);
    return container;
  };
  const delay = (ms = 0) => new Promise((done) => setTimeout(done, ms));

  const boot: BootContainer = async () => {
    bootCalls++;
    const current = behaviour;
    switch (current.kind) {
      case 'ok':
        await delay(current.delayMs);
        return booted();
      case 'fail':
        await delay(current.delayMs);
        throw new Error(current.message);
      case 'hang':
        return new Promise<never>(() => undefined);
      case 'manual':
        await new Promise<void>((resolve, reject) => manual.push({ resolve, reject }));
        return booted();
    }
  };

  const last = () => {
    const container = containers.at(-1);
    if (!container) throw new Error('No fake container was booted yet.');
    return container;
  };

  return {
    boot,
    get bootCalls() {
      return bootCalls;
    },
    setBoot: (next) => void (behaviour = next),
    resolveBoot: () => manual.splice(0).forEach((waiter) => waiter.resolve()),
    rejectBoot: (message) => manual.splice(0).forEach((waiter) => waiter.reject(new Error(message))),
    containers,
    get container() {
      return last();
    },
    fireServerReady: (port, url) => last().fireServerReady(port, url),
    firePort: (port, type, url) => last().firePort(port, type, url),
    fireError: (message) => last().fireError(message),
    async dispose() {
      disposed = true;
      const results = await Promise.allSettled(containers.map((container) => container.dispose()));
      const failure = results.find((result) => result.status === 'rejected');
      if (failure) throw (failure as PromiseRejectedResult).reason;
    },
  };
}
