/**
 * @module
 * The Node host of the harness: each `start()` writes the submission to its own temporary folder and
 * spawns `node src/server.ts` there, on a free port, as the leader of its own process group. `dispose()`
 * kills every group and removes every folder, whatever the check did.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CheckFailure, HOST_CAPABILITY_NAMES, type HostCapability, InfrastructureError } from '../check.ts';
import type {
  ExitInfo,
  FakeDependency,
  FakeKind,
  Harness,
  HttpOutcome,
  KeepAliveConnection,
  LogLine,
  RawSocket,
  RedisServer,
  RequestOptions,
  ServiceInstance,
  ServiceObserver,
  ServiceSignal,
  StartOptions,
  TraceCollector,
} from '../harness.ts';
import type { LabManifest } from '../lab.ts';
import type { SubmissionFiles } from '../submission.ts';
import { describeExit } from '../describe.ts';
import { CappedOutput, DEFAULT_OUTPUT_CAP_BYTES } from './capped-output.ts';
import { summarizeStderr } from './crash-output.ts';
import { fakeOfKind } from './fake-dependency.ts';
import { leaseFreePort, type PortLease } from './free-port.ts';
import { OtlpCollector } from './otlp-collector.ts';
import { LocalRedis } from './redis-server.ts';
import { AgentConnection, openRawSocket, sendRequest } from './http-client.ts';
import { killProcess, trackProcess } from './process-tree.ts';
import { residentMemoryOfTree } from './process-memory.ts';
import { sandboxChildPid, sandboxCommand, sandboxSupport, serviceUid, giveTo, unwrapExit } from './sandbox.ts';
import { ServiceCgroup } from './service-cgroup.ts';
import { createWorkdir, type Workdir } from './workdir.ts';
import { readServiceFile } from './service-file.ts';

/** Where services listen and are reached, unless a check asks for another loopback address. */
const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_START_TIMEOUT_MS = 10_000;
const READINESS_POLL_MS = 25;
/** Log lines kept (and parsed, and sent to observers) per stream; the bytes are capped separately. */
export const MAX_LOG_LINES = 20_000;
/**
 * Variables of the grader's own environment a service may see; everything else stays private.
 * `__STRYKER_ACTIVE_MUTANT__` is how `npm run mutation` (bench/mutation.ts) tells the mutated service
 * which mutant to activate; without it every mutant would run as the reference and "survive".
 */
const INHERITED_ENV = ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR', '__STRYKER_ACTIVE_MUTANT__'];

export interface NodeHarnessOptions {
  manifest: LabManifest;
  files: SubmissionFiles;
  startTimeoutMs?: number;
  /**
   * Where run folders go. By default each is a fresh temporary folder with the project's node_modules
   * linked in; with `parent`, they are made inside it and Node finds the dependencies by walking up
   * (the bundled runner in a WebContainer, which has no project around it).
   */
  runFolders?: { parent: string };
  /** Spawn each service as a process-group leader, so a kill reaches its children too (default true). */
  processGroups?: boolean;
  /** What this host cannot do; a check that tries it anyway gets an InfrastructureError naming its missing `needs`. */
  lacks?: ReadonlySet<HostCapability>;
  /** How to start Node for a service (default: this Node with a heap limit); a WebContainer's is found by a preflight. */
  node?: NodeLaunch;
  /**
   * Run each service in the sandbox (sandbox.ts): `auto` where the machine has it, `required` refuses
   * to start a service without it (grading someone else's code), `off` (the default) never.
   */
  sandbox?: SandboxMode;
}

export type SandboxMode = 'auto' | 'required' | 'off';

/** The Node command and the flags that go before the service's entry file. */
export interface NodeLaunch {
  command: string;
  args: readonly string[];
}

/** This process's own Node, with a heap limit so a runaway service fails fast instead of swapping. */
export const DEFAULT_NODE_LAUNCH: NodeLaunch = { command: process.execPath, args: ['--max-old-space-size=256'] };

export class NodeHarness implements Harness {
  private readonly options: NodeHarnessOptions;
  private readonly instances: NodeServiceInstance[] = [];
  private readonly leases: PortLease[] = [];
  private readonly workdirs: Workdir[] = [];
  private readonly fakes: Array<{ dispose(): Promise<void> }> = [];
  private disposed = false;

  constructor(options: NodeHarnessOptions) {
    this.options = options;
  }

  /** A check that outlived its timeout must not start services nobody will stop. */
  private assertNotDisposed(): void {
    if (this.disposed) throw new InfrastructureError('This check already ended (it timed out): no service is started for it any more.');
  }

  /** The sandbox to run services in, or undefined to run them as plain child processes. */
  private sandbox() {
    const mode = this.options.sandbox ?? 'off';
    if (mode === 'off') return undefined;
    const support = sandboxSupport();
    if (support.available) return support;
    if (mode === 'required') throw new InfrastructureError(`No sandbox to run the submission in: ${support.reason}. Grading someone else's code needs it; pass --no-sandbox to grade without it.`);
    return undefined;
  }

  async start(startOptions: StartOptions = {}): Promise<ServiceInstance> {
    this.assertNotDisposed();
    const host = startOptions.host ?? DEFAULT_HOST;
    if (host !== DEFAULT_HOST && this.options.lacks?.has('second-loopback')) {
      throw new InfrastructureError(`This host cannot ${HOST_CAPABILITY_NAMES['second-loopback']} (${host}).`);
    }
    const files = new Map(this.options.files);
    for (const [path, content] of Object.entries(startOptions.files ?? {})) files.set(path, content);
    for (const path of startOptions.withoutFiles ?? []) files.delete(path);
    const workdir = this.options.runFolders
      ? await createWorkdir(files, { parent: this.options.runFolders.parent })
      : await createWorkdir(files, { linkNodeModules: (await import('./project-paths.ts')).projectNodeModules });
    this.workdirs.push(workdir);
    // A port found free can be taken (by another program) before the service binds it; one retry absorbs that race.
    for (let attempt = 1; ; attempt++) {
      const lease = await leaseFreePort(host);
      this.leases.push(lease);
      this.assertNotDisposed();
      const instance = await this.spawnInstance(workdir.path, host, lease.port, startOptions);
      if (this.disposed) {
        await instance.kill();
        this.assertNotDisposed();
      }
      if (startOptions.waitUntilAnswering === false) return instance;
      try {
        await instance.waitUntilAnswering(this.options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
        return instance;
      } catch (error) {
        if (attempt < 2 && instance.stderr().includes('EADDRINUSE')) continue;
        throw error;
      }
    }
  }

  private async spawnInstance(cwd: string, host: string, port: number, startOptions: StartOptions): Promise<NodeServiceInstance> {
    const { manifest } = this.options;
    const env: Record<string, string> = {};
    for (const name of INHERITED_ENV) if (process.env[name]) env[name] = process.env[name];
    Object.assign(env, manifest.env, startOptions.env, { [manifest.portEnv]: (startOptions.formatPort ?? String)(port), HOST: host });
    for (const name of startOptions.unsetEnv ?? []) delete env[name];
    // Started from another folder (as systemd or a container's WORKDIR may do), Node still finds the entry.
    const workingDirectory = join(cwd, startOptions.workingDirectory ?? '.');
    await mkdir(workingDirectory, { recursive: true });

    const node = this.options.node ?? DEFAULT_NODE_LAUNCH;
    let command = node.command;
    let args = [...node.args, relative(workingDirectory, join(cwd, manifest.entry))];
    const sandbox = this.sandbox();
    let cgroup: ServiceCgroup | undefined;
    if (sandbox) {
      // As root: a user and cgroup of its own, so its limits count only its own processes.
      const uid = sandbox.asRoot ? serviceUid() : undefined;
      if (uid !== undefined) await giveTo(cwd, uid);
      if (uid !== undefined) cgroup = new ServiceCgroup(sandbox.cgroups, uid);
      const { projectNodeModules } = await import('./project-paths.ts');
      ({ command, args } = sandboxCommand(sandbox, { command, args, runFolder: cwd, cwd: workingDirectory, readable: [projectNodeModules, node.command], uid, cgroup }));
    }
    const child = spawn(command, args, {
      cwd: workingDirectory,
      env,
      detached: this.options.processGroups ?? true,
      stdio: ['ignore', 'pipe', 'pipe', sandbox ? 'pipe' : 'ignore'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) =>
        reject(new InfrastructureError(`Could not start node (${command}): ${error.message}`, { cause: error })),
      );
    }).catch(async (error: unknown) => {
      await cgroup?.remove();
      throw error;
    });
    const group = this.options.processGroups ?? true;
    trackProcess(child.pid!, group);
    const instance = new NodeServiceInstance(child, {
      host,
      port,
      group,
      lacks: this.options.lacks ?? new Set(),
      readinessPath: manifest.readinessPath,
      cwd,
      observer: startOptions.observer,
      sandbox: sandbox ? { childPid: sandboxChildPid(child.stdio[3] as Readable), cgroup } : undefined,
    });
    this.instances.push(instance);
    return instance;
  }

  async startFake(name: string, kind?: FakeKind): Promise<FakeDependency> {
    const fake = await fakeOfKind(name, kind).listen();
    this.fakes.push(fake);
    return fake;
  }

  async startCollector(): Promise<TraceCollector> {
    const collector = await new OtlpCollector().listen();
    this.fakes.push(collector);
    return collector;
  }

  async startRedis(): Promise<RedisServer> {
    this.assertNotDisposed();
    if (this.options.lacks?.has('redis')) throw new InfrastructureError(`This host cannot ${HOST_CAPABILITY_NAMES.redis}; a check that starts one must declare needs: ['redis'].`);
    const redis = await LocalRedis.launch();
    this.fakes.push(redis);
    if (this.disposed) await redis.dispose();
    this.assertNotDisposed();
    return redis;
  }

  /**
   * Why this check's results may be another program's: a service of it was found answering, yet died
   * of EADDRINUSE on its own port, so what answered its readiness probe (and maybe its requests) was
   * someone else. The runner runs such a check again.
   */
  async interference(): Promise<string | undefined> {
    for (const instance of this.instances) {
      if (await instance.displacedFromPort()) {
        return `port ${instance.port} was taken by another program while the service started (it exited with EADDRINUSE after the port had answered)`;
      }
    }
    return undefined;
  }

  /** Kills every process group this harness started, stops its fakes and removes their folders. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all(this.fakes.splice(0).map((fake) => fake.dispose()));
    await Promise.all(this.instances.splice(0).map((instance) => instance.kill()));
    for (const lease of this.leases.splice(0)) lease.release();
    await Promise.all(this.workdirs.splice(0).map((workdir) => workdir.remove()));
  }
}

class NodeServiceInstance implements ServiceInstance {
  readonly host: string;
  readonly port: number;
  exit: ExitInfo | undefined;
  private readonly child: ChildProcess;
  private readonly readinessPath: string;
  private readonly cwd: string;
  private readonly group: boolean;
  private readonly lacks: ReadonlySet<HostCapability>;
  private readonly observer: ServiceObserver | undefined;
  private readonly spawnedAt = performance.now();
  /** Whether the readiness probe got an answer on this instance's port. */
  private answered = false;
  private readonly output = { stdout: new CappedOutput(), stderr: new CappedOutput() };
  private readonly lines: LogLine[] = [];
  private readonly connections: AgentConnection[] = [];
  private readonly rawSockets: RawSocket[] = [];
  private readonly exited: Promise<ExitInfo>;
  private readonly streamsClosed: Promise<void>;
  private readonly sandboxed: { childPid: Promise<number | undefined>; cgroup?: ServiceCgroup } | undefined;
  private sandboxPid: number | undefined;

  constructor(
    child: ChildProcess,
    options: {
      host: string;
      port: number;
      group: boolean;
      lacks: ReadonlySet<HostCapability>;
      readinessPath: string;
      cwd: string;
      observer?: ServiceObserver;
      /** Where the service runs in the sandbox: signals go to its PID 1, which passes them on. */
      sandbox?: { childPid: Promise<number | undefined>; cgroup?: ServiceCgroup };
    },
  ) {
    this.sandboxed = options.sandbox;
    void options.sandbox?.childPid.then((pid) => (this.sandboxPid = pid));
    this.child = child;
    this.cwd = options.cwd;
    this.group = options.group;
    this.lacks = options.lacks;
    this.observer = options.observer;
    this.host = options.host;
    this.port = options.port;
    this.readinessPath = options.readinessPath;
    this.collect('stdout');
    this.collect('stderr');
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { ...(this.sandboxed ? unwrapExit(code, signal) : { code, signal }), atMs: this.elapsedMs() };
        resolve(this.exit);
        // After the pipes drain, so the observer hears the last lines before the exit.
        void this.outputSettled().then(() => this.observer?.exit?.(this.exit!));
      });
    });
    this.streamsClosed = new Promise((resolve) => child.once('close', () => resolve()));
  }

  private collect(stream: 'stdout' | 'stderr'): void {
    let partial = '';
    let toldCapped = false;
    let lines = 0;
    // Lines as well as bytes: a million empty lines are few bytes but a million events and parses.
    const add = (text: string) => {
      if (++lines <= MAX_LOG_LINES) this.addLine(stream, text);
      else if (lines === MAX_LOG_LINES + 1) this.addLine(stream, `[more than ${MAX_LOG_LINES} lines: the rest of ${stream} is not shown]`);
    };
    this.child[stream]!.on('data', (chunk: Buffer) => {
      partial += this.output[stream].append(chunk);
      if (!toldCapped && this.output[stream].capped) {
        toldCapped = true;
        // Say so in the log itself, once, so a flooded log panel explains why it went quiet.
        partial += `\n[output capped at ${DEFAULT_OUTPUT_CAP_BYTES / 1024 / 1024} MiB: the rest of ${stream} is dropped]\n`;
      }
      if (lines > MAX_LOG_LINES) {
        partial = '';
        return;
      }
      const complete = partial.split('\n');
      partial = complete.pop()!;
      for (const text of complete) add(text);
    });
    this.child[stream]!.on('end', () => {
      if (partial) add(partial);
    });
  }

  private addLine(stream: 'stdout' | 'stderr', text: string): void {
    let json: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
    } catch {
      // not JSON: kept as text, and a check about structured logs can say so
    }
    const line: LogLine = { stream, text, json, atMs: this.elapsedMs() };
    this.lines.push(line);
    // A learner watching the log knows their files as src/…, not as a temporary folder.
    if (this.observer?.line) this.observer.line({ ...line, text: text.replaceAll(`file://${this.cwd}/`, '').replaceAll(`${this.cwd}/`, '') });
  }

  elapsedMs(): number {
    return Math.round(performance.now() - this.spawnedAt);
  }

  async waitUntilAnswering(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if (this.exit) break;
      const outcome = await this.request(this.readinessPath, { timeoutMs: 1000 });
      if (outcome.kind === 'response') {
        this.answered = true;
        return;
      }
      await Promise.race([this.exited, sleep(READINESS_POLL_MS)]);
    }
    if (this.exit) {
      await this.outputSettled();
      throw new CheckFailure(
        `the service to start and answer GET ${this.readinessPath}`,
        `it exited (${describeExit(this.exit)}) before answering.${quote('stderr', summarizeStderr(this.stderr(), this.cwd))}`,
      );
    }
    throw new CheckFailure(
      `the service to answer GET ${this.readinessPath} on port ${this.port} within ${timeoutMs / 1000} s`,
      `no answer. Does it listen on process.env.PORT and HOST?${quote('stderr', summarizeStderr(this.stderr(), this.cwd))}`,
    );
  }

  /** Found answering, yet exited because its port was in use: what answered was another listener. */
  async displacedFromPort(): Promise<boolean> {
    if (!this.answered || !this.exit) return false;
    await this.outputSettled();
    const stderr = this.stderr();
    return stderr.includes('EADDRINUSE') && stderr.includes(`:${this.port}`);
  }

  request(path: string, options?: RequestOptions): Promise<HttpOutcome> {
    if (options?.localAddress !== undefined && options.localAddress !== DEFAULT_HOST && this.lacks.has('second-loopback')) {
      return Promise.reject(new InfrastructureError(`This host cannot send from another loopback address (${options.localAddress}); a check that does must declare needs: ['second-loopback'].`));
    }
    return sendRequest(this.host, this.port, path, options);
  }

  openKeepAliveConnection(): KeepAliveConnection {
    const connection = new AgentConnection();
    this.connections.push(connection);
    return connection;
  }

  async openRawSocket(): Promise<RawSocket> {
    const socket = await openRawSocket(this.host, this.port);
    this.rawSockets.push(socket);
    return socket;
  }

  signal(signal: ServiceSignal): void {
    if (signal !== 'SIGKILL' && this.lacks.has('signals')) {
      throw new InfrastructureError(`This host cannot deliver ${signal} reliably; a check that sends it must declare needs: ['signals'].`);
    }
    if (this.exit) return;
    if (this.sandboxed && signal !== 'SIGKILL') {
      // To the sandbox's PID 1 (dumb-init), which passes it to the service; bubblewrap itself would just die.
      const send = (pid: number | undefined) => {
        if (pid === undefined || this.exit) return;
        try {
          process.kill(pid, signal);
        } catch {
          // exited between the check and the kill
        }
      };
      if (this.sandboxPid !== undefined) send(this.sandboxPid);
      else void this.sandboxed.childPid.then(send);
      return;
    }
    try {
      this.child.kill(signal);
    } catch {
      // exited between the check and the kill
    }
  }

  async waitForExit(timeoutMs: number): Promise<ExitInfo | undefined> {
    const exit = await Promise.race([this.exited, sleep(timeoutMs).then(() => undefined)]);
    if (exit) await this.outputSettled();
    return exit;
  }

  /** After exit, stdout may still hold a last line or two; wait briefly for the pipes to close. */
  private outputSettled(): Promise<void> {
    return Promise.race([this.streamsClosed, sleep(200)]);
  }

  stdout(): string {
    return this.output.stdout.toString();
  }

  stderr(): string {
    return this.output.stderr.toString();
  }

  logLines(): LogLine[] {
    return [...this.lines];
  }

  async readFile(path: string): Promise<string | undefined> {
    return readServiceFile(this.cwd, path);
  }

  async residentMemoryBytes(): Promise<number | undefined> {
    if (this.lacks.has('process-memory')) {
      throw new InfrastructureError(`This host cannot ${HOST_CAPABILITY_NAMES['process-memory']}; a check that reads it must declare needs: ['process-memory'].`);
    }
    if (this.exit) return undefined;
    // The spawned process and everything below it: in the sandbox, bubblewrap and dumb-init hold the service.
    return residentMemoryOfTree(this.child.pid!);
  }

  /** SIGKILLs the process group and waits (briefly) until the service is gone and its port free. */
  async kill(): Promise<void> {
    for (const connection of this.connections) connection.close();
    for (const socket of this.rawSockets) socket.destroy();
    killProcess(this.child.pid!, this.group);
    // Whatever left the process group and the namespace (a double fork, setsid) is still in the cgroup.
    this.sandboxed?.cgroup?.killAll();
    await Promise.race([this.exited, sleep(2000)]);
    await this.sandboxed?.cgroup?.remove();
  }
}

/**
 * A wait that races a service (for its exit, its output): it never keeps the grader's process alive by
 * itself, or a finished grader would linger until the longest such wait ran out.
 */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function quote(label: string, text: string): string {
  return text ? `\n  ${label}:\n    ${text.split('\n').join('\n    ')}` : '';
}
