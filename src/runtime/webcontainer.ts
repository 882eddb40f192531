/**
 * @module
 * The WebContainer runtime: the lab's service runs in the learner's browser. On the first Run or Run
 * checks it boots the container (once per page), mounts the lab (starter files, bundled dependencies
 * and the bundled runner `checks.mjs`), asks the runner's preflight what the container's Node can do
 * (adding the type stripper where it cannot run `.ts`), and starts the runner's session program,
 * which runs the service with the same Node harness the local runtime uses. Run checks runs
 * `checks.mjs check` inside the container; checks the container cannot host are reported as such,
 * not failed.
 */
import type { HttpOutcome } from '../engine/harness.ts';
import type { CheckResult, LabReport } from '../engine/report.ts';
import type { TraceSnapshot } from '../engine/traces.ts';
import type { Container, ContainerProcess, ContainerTree } from './container-api.ts';
import { type ContainerBooter, ContainerUnavailable } from './container-boot.ts';
import {
  CONTAINER_LAYOUT,
  type CheckStreamItem,
  describeProfile,
  type FakeModeKind,
  inboxFileName,
  type NodeProfile,
  parseProtocolLine,
  type PreflightMessage,
  type SessionCommand,
  type SessionMessage,
} from './container-protocol.ts';
import type { RuntimeEvent } from './events.ts';
import { type CacheSnapshot, type EditableFiles, type LabRuntime, type RequestSettings, type RunSettings, RuntimeError, RuntimeUnavailable, type StartOutcome } from './lab-runtime.ts';
import { streamLines } from './stream-lines.ts';

/** Distributes `Omit` over a union, so each command keeps its own fields. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export interface WebContainerRuntimeOptions {
  labId: string;
  booter: ContainerBooter;
  /** The lab's files for the container (fetched from /labs/<id>/container.json in the browser). */
  loadTree: () => Promise<ContainerTree>;
  /** The type stripper, mounted only where the container's Node cannot run `.ts` (/labs/type-stripper.json). */
  loadTypeStripper?: () => Promise<ContainerTree>;
  bootTimeoutMs?: number;
  /** How long the session program may take to say it is ready after being spawned. */
  sessionTimeoutMs?: number;
  /** How long to wait for the session program's answer to each command (tests shorten it). */
  replyTimeoutMs?: Partial<Record<SessionCommand['op'], number>>;
}

const REPLY_TIMEOUT_MS: Record<SessionCommand['op'], number> = { start: 30_000, stop: 10_000, signal: 10_000, request: 70_000, fake: 10_000, traces: 10_000, cache: 10_000 };

const DEFAULT_SESSION_TIMEOUT_MS = 20_000;

/** What to do when the container stops answering: only a fresh one helps (a process in a tight loop cannot be killed there). */
const RELOAD_ADVICE = 'If it stays stuck, reload the page for a fresh in-browser runtime (your work is saved in this browser), or use the local runtime.';

/** "20 s", or "0.3 s" for the short timeouts of tests. */
function seconds(ms: number): string {
  return `${ms >= 10_000 ? Math.round(ms / 1000) : Math.round(ms / 100) / 10} s`;
}

/** Waits for `ready`; a process that fails it or does not get there within `timeoutMs` is killed. */
async function untilOrKill(process: ContainerProcess, ready: Promise<unknown>, timeoutMs: number, timeoutMessage: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([ready, new Promise((_, reject) => (timer = setTimeout(() => reject(new RuntimeError(timeoutMessage)), timeoutMs)))]);
  } catch (error) {
    process.kill();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** The learner's message when the session did not answer a command in time. */
function timedOut(op: SessionCommand['op'], timeoutMs: number): string {
  if (op === 'stop') {
    return `The in-browser runtime did not stop your service within ${seconds(timeoutMs)}: a process busy in a tight loop cannot be stopped there. Reload the page for a fresh in-browser runtime (your work is saved in this browser), or use the local runtime.`;
  }
  return `The in-browser runtime did not answer "${op}" within ${seconds(timeoutMs)}. ${RELOAD_ADVICE}`;
}

interface Session {
  container: Container;
  process: ContainerProcess;
}

export class WebContainerRuntime implements LabRuntime {
  readonly label = 'In the browser (WebContainer)';
  private readonly options: WebContainerRuntimeOptions;
  private readonly listeners = new Set<(event: RuntimeEvent) => void>();
  private readonly terminalListeners = new Set<(text: string) => void>();
  private readonly replies = new Map<number, (message: Extract<SessionMessage, { type: 'reply' }>) => void>();
  private readonly previewUrls = new Map<number, string>();
  /** Containers whose events this runtime already follows. */
  private readonly followed = new WeakSet<Container>();
  private mounted: Promise<Container> | undefined;
  private session: Promise<Session> | undefined;
  /** What the preflight found, once the lab is mounted. */
  private profile: NodeProfile | undefined;
  private nextCommandId = 1;
  private closed = false;

  constructor(options: WebContainerRuntimeOptions) {
    this.options = options;
  }

  private emit(event: RuntimeEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private print(text: string): void {
    for (const listener of this.terminalListeners) listener(text);
  }

  /** Output of the processes in the container, for the terminal panel; returns an unsubscribe function. */
  onTerminal(listener: (text: string) => void): () => void {
    this.terminalListeners.add(listener);
    return () => this.terminalListeners.delete(listener);
  }

  /** The preview URL of a port a process in the container listens on. */
  previewUrl(port: number): string | undefined {
    return this.previewUrls.get(port);
  }

  /** Boots (once per page) and mounts the lab; shared by every call, tried again after a failure. */
  private container(): Promise<Container> {
    this.mounted ??= this.mount().catch((error: unknown) => {
      this.mounted = undefined;
      const message = (error as Error).message;
      if (!(error instanceof ContainerUnavailable)) throw error instanceof RuntimeError ? error : new RuntimeError(message);
      this.emit({ type: 'runtime-unavailable', problem: error.problem, message });
      throw new RuntimeUnavailable(message);
    });
    return this.mounted;
  }

  /** The session program that runs the service; started on first need, again after it ended. */
  private ready(): Promise<Session> {
    this.session ??= this.container()
      .then((container) => this.openSession(container))
      .catch((error: unknown) => {
        this.session = undefined;
        throw error;
      });
    return this.session;
  }

  private async mount(): Promise<Container> {
    this.emit({ type: 'runtime-progress', message: 'Starting the in-browser runtime…' });
    const container = await this.options.booter.boot({
      timeoutMs: this.options.bootTimeoutMs,
      onProgress: (seconds) =>
        this.emit({ type: 'runtime-progress', transient: true, message: `Starting the in-browser runtime… ${seconds} s (it loads from stackblitz.com the first time)` }),
    });
    if (!this.followed.has(container)) {
      // Once per container: the page's one container may serve this runtime again after a failed mount.
      this.followed.add(container);
      container.on('server-ready', (port, url) => this.notePreview(port, url));
      container.on('port', (port, type, url) => (type === 'open' ? this.notePreview(port, url) : this.previewUrls.delete(port)));
      container.on('error', (error) => this.print(`\r\n[in-browser runtime error] ${error.message}\r\n`));
    }
    this.emit({ type: 'runtime-progress', message: 'Copying the lab into the in-browser runtime…' });
    await container.mount(await this.options.loadTree());
    await this.checkNode(container);
    this.emit({ type: 'runtime-progress', message: 'The in-browser runtime is ready.' });
    return container;
  }

  /**
   * Asks the runner what the container's Node can do. One that cannot run `.ts` (a WebContainer's
   * default Node 20) gets the type stripper mounted; the learner never sees a lab fail for it.
   */
  private async checkNode(container: Container): Promise<void> {
    this.emit({ type: 'runtime-progress', message: 'Checking the in-browser runtime’s Node…' });
    let profile = await this.preflight(container);
    if (profile.typeScript === 'unavailable' && this.options.loadTypeStripper) {
      this.emit({ type: 'runtime-progress', message: `Its Node (${profile.version}) cannot run TypeScript by itself: adding a type stripper…` });
      await container.mount(await this.options.loadTypeStripper());
      profile = await this.preflight(container);
    }
    const summary = describeProfile(profile);
    this.print(`${summary}\r\n`);
    if (profile.typeScript === 'unavailable') {
      throw new RuntimeError(`The in-browser runtime’s Node (${profile.version}) cannot run the lab’s TypeScript. Use the local runtime (\`npm install && npm start\`).`);
    }
    this.profile = profile;
    this.emit({ type: 'runtime-capabilities', signals: profile.signals, summary });
  }

  private async preflight(container: Container): Promise<NodeProfile> {
    const args = [CONTAINER_LAYOUT.runner, 'preflight', CONTAINER_LAYOUT.labDir];
    this.print(`$ node ${args.join(' ')}\r\n`);
    const process = await container.spawn('node', args);
    let profile: NodeProfile | undefined;
    const read = (async () => {
      for await (const line of streamLines(process.output)) {
        const message = parseProtocolLine(line) as PreflightMessage | CheckStreamItem | undefined;
        if (message?.type === 'preflight') profile = message.profile;
        else if (message?.type === 'error') throw new RuntimeError(message.message);
        else if (!message) this.print(`${line}\r\n`);
      }
    })();
    const timeoutMs = this.options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
    await untilOrKill(process, read, timeoutMs, `The in-browser runtime’s preflight did not answer within ${seconds(timeoutMs)}. ${RELOAD_ADVICE}`);
    const code = await process.exit;
    if (!profile) throw new RuntimeError(`The in-browser runtime’s preflight ended (exit code ${code}) without an answer: see the terminal. ${RELOAD_ADVICE}`);
    return profile;
  }

  private async openSession(container: Container): Promise<Session> {
    // A command left from an earlier session (one that timed out) must not run in this one.
    await container.fs.rm(CONTAINER_LAYOUT.inbox, { recursive: true, force: true });
    await container.fs.mkdir(CONTAINER_LAYOUT.inbox, { recursive: true });
    this.print(`$ node ${CONTAINER_LAYOUT.runner} session ${this.options.labId}\r\n`);
    const process = await container.spawn('node', [CONTAINER_LAYOUT.runner, 'session', this.options.labId, CONTAINER_LAYOUT.labDir, '--host', 'webcontainer']);
    const sessionReady = new Promise<void>((resolve, reject) => {
      void this.readSession(process, resolve);
      void process.exit.then((code) => reject(new RuntimeError(`The lab session in the in-browser runtime ended (exit code ${code}) before it was ready: see the terminal.`)));
    });
    const timeoutMs = this.options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
    await untilOrKill(process, sessionReady, timeoutMs, `The lab session in the in-browser runtime did not start within ${seconds(timeoutMs)}: see the terminal, or use the local runtime.`);
    void process.exit.then((code) => {
      this.session = undefined;
      for (const [id, reply] of this.replies) reply({ type: 'reply', id, ok: false, error: `The lab session in the in-browser runtime ended (exit code ${code}).` });
      if (!this.closed) this.emit({ type: 'stopped', reason: 'the in-browser session ended' });
    });
    return { container, process };
  }

  private notePreview(port: number, url: string): void {
    this.previewUrls.set(port, url);
    this.emit({ type: 'preview', port, url });
  }

  private async readSession(process: ContainerProcess, onReady: () => void): Promise<void> {
    for await (const line of streamLines(process.output)) {
      const message = parseProtocolLine(line) as SessionMessage | undefined;
      if (!message) {
        this.print(`${line}\r\n`);
      } else if (message.type === 'session-ready') {
        onReady();
      } else if (message.type === 'event') {
        if (message.event.type === 'line') this.print(`${message.event.text}\r\n`);
        this.emit(message.event);
      } else if (message.type === 'reply') {
        this.replies.get(message.id)?.(message);
      }
    }
  }

  private async send(command: WithoutId<SessionCommand>): Promise<Extract<SessionMessage, { type: 'reply'; ok: true }>> {
    const { container } = await this.ready();
    const id = this.nextCommandId++;
    let answered: (message: Extract<SessionMessage, { type: 'reply' }>) => void = () => {};
    const reply = new Promise<Extract<SessionMessage, { type: 'reply' }>>((resolve) => {
      const timeoutMs = this.options.replyTimeoutMs?.[command.op] ?? REPLY_TIMEOUT_MS[command.op];
      const timer = setTimeout(() => answered({ type: 'reply', id, ok: false, error: timedOut(command.op, timeoutMs) }), timeoutMs);
      answered = (message) => {
        clearTimeout(timer);
        this.replies.delete(id);
        resolve(message);
      };
      this.replies.set(id, answered);
    });
    try {
      await container.fs.writeFile(`${CONTAINER_LAYOUT.inbox}/${inboxFileName(id)}`, JSON.stringify({ ...command, id }));
    } catch (error) {
      answered({ type: 'reply', id, ok: false, error: `Could not send "${command.op}" to the in-browser runtime: ${(error as Error).message}` });
    }
    const answer = await reply;
    if (!answer.ok) throw new RuntimeError(answer.error);
    return answer;
  }

  /**
   * Keeps the container's copy of the learner's files in step with the editor, once the lab is
   * mounted; never boots the container for it.
   */
  async syncFiles(files: EditableFiles): Promise<void> {
    const container = await this.mounted?.catch(() => undefined);
    if (container) await this.writeFiles(container, files);
  }

  /** Writes the learner's editable files over the lab's folder in the container. */
  private async writeFiles(container: Container, files: EditableFiles): Promise<void> {
    for (const [path, content] of Object.entries(files)) {
      const target = `${CONTAINER_LAYOUT.labDir}/${path}`;
      const folder = target.slice(0, target.lastIndexOf('/'));
      await container.fs.mkdir(folder, { recursive: true });
      await container.fs.writeFile(target, content);
    }
  }

  async start(files: EditableFiles, run: RunSettings = {}): Promise<StartOutcome> {
    const { container } = await this.ready();
    await this.writeFiles(container, files);
    try {
      await this.send({ op: 'start', env: run.env ?? {}, scratchFiles: run.scratchFiles ?? {} });
      return { ok: true };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }

  async stop(): Promise<void> {
    if (!this.session) return;
    await this.send({ op: 'stop' });
  }

  async signal(signal: 'SIGTERM' | 'SIGINT'): Promise<void> {
    if (this.profile && !this.profile.signals) {
      throw new RuntimeError(`Signals do not reach your service in the in-browser runtime (its Node ${this.profile.version} cannot deliver them): send ${signal} in the local runtime; grading sends it too.`);
    }
    await this.send({ op: 'signal', signal });
  }

  async request(method: string, path: string, settings: RequestSettings = {}): Promise<HttpOutcome> {
    // No real Redis here, so no instance B: never let a request meant for B reach A.
    if (settings.instance === 'B') return { kind: 'error', code: 'NOT_RUNNING', message: 'The in-browser runtime runs one instance: there is no instance B.', durationMs: 0 };
    const answer = await this.send({ op: 'request', method, path, timeoutMs: settings.timeoutMs, ...(settings.json === undefined ? {} : { json: settings.json }) });
    if (!answer.outcome) throw new RuntimeError('The in-browser runtime answered without a response.');
    return answer.outcome;
  }

  async setFake(name: string, mode: FakeModeKind): Promise<void> {
    await this.send({ op: 'fake', name, mode });
  }

  async traces(): Promise<TraceSnapshot | undefined> {
    // Never boots the container for it: before the first Run there are no traces to show.
    if (!this.session) return undefined;
    return (await this.send({ op: 'traces' })).traces;
  }

  async cacheSnapshot(): Promise<CacheSnapshot | undefined> {
    // Never boots the container for it, as with traces.
    if (!this.session) return undefined;
    return (await this.send({ op: 'cache' })).cache;
  }

  async runChecks(files: EditableFiles, onResult: (result: CheckResult) => void): Promise<LabReport> {
    const container = await this.container();
    await this.writeFiles(container, files);
    const args = [CONTAINER_LAYOUT.runner, 'check', this.options.labId, CONTAINER_LAYOUT.labDir, '--host', 'webcontainer', '--stream'];
    this.print(`$ node ${args.join(' ')}\r\n`);
    const process = await container.spawn('node', args);
    const unexpected: string[] = [];
    let report: LabReport | undefined;
    for await (const line of streamLines(process.output)) {
      const item = parseProtocolLine(line) as CheckStreamItem | undefined;
      if (!item) {
        this.print(`${line}\r\n`);
        if (line.trim()) unexpected.push(line);
      } else if (item.type === 'result') onResult(item.result);
      else if (item.type === 'report') report = item.report;
      else if (item.type === 'error') {
        process.kill();
        throw new RuntimeError(item.message);
      }
    }
    const code = await process.exit;
    if (report) return report;
    throw new RuntimeError(`The check runner in the in-browser runtime ended (exit code ${code}) without a report.${unexpected.length ? ` Its last output: ${unexpected.slice(-3).join(' / ')}` : ''}`);
  }

  subscribe(listener: (event: RuntimeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends the session program (and with it the service); the container itself lives as long as the page. */
  close(): void {
    this.closed = true;
    void this.session?.then((session) => session.process.kill()).catch(() => undefined);
  }
}
