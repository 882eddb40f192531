/**
 * @module
 * The services learners run from the workspace: at most one per lab, started through the same Node
 * harness the grader uses, their output fanned out to whoever listens (with a short replay for a page
 * that reconnects), and stopped on request, after an idle hour, or when the server stops.
 *
 * A lab with a shared cache (`workspace.cache`, lab 08) gets a real Redis beside its service where the
 * host can run one, and may start a second instance (B) on it, as two replicas behind a load balancer;
 * where it cannot, the service runs alone on its in-memory stand-in, and the session says why.
 */
import { CheckFailure } from '../engine/check.ts';
import type { HttpOutcome, ServiceInstance, ServiceSignal, StartOptions, WorkspaceFakeMode } from '../engine/harness.ts';
import type { Lab } from '../engine/lab.ts';
import type { SubmissionFiles } from '../engine/submission.ts';
import { type FakeHttpDependency, fakeOfKind, type RequestObserver } from '../engine/node/fake-dependency.ts';
import { NodeHarness, type NodeHarnessOptions } from '../engine/node/node-harness.ts';
import type { InstanceName, RuntimeEvent, SharedCache } from '../runtime/events.ts';
import type { CacheSnapshot } from '../runtime/lab-runtime.ts';
import type { TraceSnapshot } from '../engine/traces.ts';
import { OTLP_ENDPOINT_ENV, WorkspaceTraces } from './workspace-traces.ts';
import { sharedCacheFor } from './shared-cache.ts';

export type { RuntimeEvent };

type Listener = (event: RuntimeEvent) => void;

const REPLAY_EVENTS = 500;
/** How long instance B may take to drain after SIGTERM before it is killed. */
const SECOND_STOP_GRACE_MS = 5000;
const MAX_RUN_MS = 60 * 60 * 1000;
export const REQUEST_TIMEOUT_MS = 65_000;

class LabSession {
  harness: NodeHarness | undefined;
  /** The lab's fake dependencies (lab 04's database), alive while the service runs. */
  readonly fakes = new Map<string, FakeHttpDependency>();
  /** The collector and the last traces, for a lab whose workspace shows traces; alive until the next start or stop. */
  traces: WorkspaceTraces | undefined;
  instance: ServiceInstance | undefined;
  /** Instance B, beside A on the same Redis (a lab with a shared cache, on a host with a real Redis). */
  second: ServiceInstance | undefined;
  /** What A was started with, so B starts the same way. */
  startOptions: Pick<StartOptions, 'env' | 'files'> | undefined;
  /** Where this run's shared cache lives, for a lab with one. */
  sharedCache: SharedCache | undefined;
  /** GET requests each fake received during this run, whatever its mode: a record store's reads. */
  readonly reads = new Map<string, number>();
  readonly listeners = new Set<Listener>();
  readonly recent: RuntimeEvent[] = [];
  lifetime: ReturnType<typeof setTimeout> | undefined;

  emit(event: RuntimeEvent): void {
    this.recent.push(event);
    if (this.recent.length > REPLAY_EVENTS) this.recent.shift();
    for (const listener of this.listeners) listener(event);
  }
}

async function disposeFakes(session: LabSession): Promise<void> {
  await Promise.all([...session.fakes.values()].map((fake) => fake.dispose()));
  session.fakes.clear();
  await session.traces?.dispose();
  session.traces = undefined;
}

export type StartResult = { ok: true; port: number } | { ok: false; message: string };

/** How sessions start services, beyond the lab and its files: the Node host's defaults unless told. */
export type SessionHarnessOptions = Pick<NodeHarnessOptions, 'runFolders' | 'processGroups' | 'lacks' | 'node' | 'sandbox'>;

export class LabSessions {
  private readonly sessions = new Map<string, LabSession>();
  private readonly harnessOptions: SessionHarnessOptions;

  constructor(harnessOptions: SessionHarnessOptions = {}) {
    this.harnessOptions = harnessOptions;
  }

  private session(labId: string): LabSession {
    let session = this.sessions.get(labId);
    if (!session) {
      session = new LabSession();
      this.sessions.set(labId, session);
    }
    return session;
  }

  /** Starts the lab's service with these files, stopping the one already running. */
  async start(lab: Lab, files: SubmissionFiles, run: { env?: Record<string, string>; scratchFiles?: Record<string, string> } = {}): Promise<StartResult> {
    const session = this.session(lab.manifest.id);
    await this.stop(lab.manifest.id, 'restarted');
    session.recent.length = 0;
    session.emit({ type: 'starting' });
    const harness = new NodeHarness({ ...this.harnessOptions, manifest: lab.manifest, files });
    session.harness = harness;
    session.reads.clear();
    const env: Record<string, string> = { ...run.env };
    if (lab.manifest.workspace.traces) {
      session.traces = new WorkspaceTraces();
      env[OTLP_ENDPOINT_ENV] = await session.traces.start();
    }
    for (const fake of lab.manifest.workspace.fakes) {
      const standIn = session.traces?.standIn(fake.name);
      const countReads: RequestObserver = (req, res) => {
        if (req.method === 'GET') session.reads.set(fake.name, (session.reads.get(fake.name) ?? 0) + 1);
        standIn?.(req, res);
      };
      const dependency = await fakeOfKind(fake.name, fake.kind, countReads).listen();
      session.fakes.set(fake.name, dependency);
      env[fake.env] = dependency.url;
      session.emit({ type: 'fake', name: fake.name, mode: 'up' });
    }
    const cache = lab.manifest.workspace.cache;
    session.sharedCache = undefined;
    if (cache) {
      // The harness owns the Redis it starts: it goes with the harness, at Stop, Restart or shutdown.
      const shared = await sharedCacheFor(harness, this.harnessOptions.lacks?.has('redis') ?? false);
      if (shared.url) env[cache.redisEnv] = shared.url;
      session.sharedCache = shared.cache;
      session.emit({ type: 'shared-cache', cache: shared.cache });
    }
    session.startOptions = { env, files: run.scratchFiles };
    try {
      const instance = await harness.start({
        ...session.startOptions,
        observer: {
          line: (line) => session.emit({ type: 'line', stream: line.stream, text: line.text, atMs: line.atMs }),
          exit: (exit) => {
            session.emit({ type: 'exit', ...exit });
            // B lives beside A: a run whose A has exited leaves nothing behind it.
            if (session.harness === harness) void this.stopSecond(lab.manifest.id, 'instance A exited');
          },
        },
      });
      if (session.harness !== harness) return { ok: false, message: 'Stopped while starting.' };
      session.instance = instance;
      session.lifetime = setTimeout(() => void this.stop(lab.manifest.id, 'it ran for an hour'), MAX_RUN_MS);
      session.lifetime.unref();
      session.emit({ type: 'started', port: instance.port });
      return { ok: true, port: instance.port };
    } catch (error) {
      const message = error instanceof CheckFailure ? `The service did not start: ${error.observed}` : (error as Error).message;
      session.emit({ type: 'start-failed', message });
      await harness.dispose();
      await disposeFakes(session);
      if (session.harness === harness) session.harness = undefined;
      return { ok: false, message };
    }
  }

  async stop(labId: string, reason = 'stopped'): Promise<void> {
    const session = this.sessions.get(labId);
    if (!session?.harness) return;
    const { harness } = session;
    session.harness = undefined;
    session.instance = undefined;
    if (session.second) session.emit({ type: 'instance', name: 'B', state: 'stopped', reason });
    session.second = undefined;
    clearTimeout(session.lifetime);
    await harness.dispose(); // A, B and the Redis the harness started
    await disposeFakes(session);
    session.emit({ type: 'stopped', reason });
  }

  /**
   * Starts instance B beside A, with A's files and environment, on the same Redis and store: a lab
   * with a shared cache, on a host that runs a real Redis. Stopped with A, or on its own.
   */
  async startSecond(labId: string): Promise<StartResult> {
    const session = this.sessions.get(labId);
    const harness = session?.harness;
    if (!session || !harness || !this.running(labId)) return { ok: false, message: 'Instance A is not running: press Run first.' };
    if (session.sharedCache?.kind !== 'redis') return { ok: false, message: session.sharedCache?.message ?? 'This lab runs one instance.' };
    if (session.second) return { ok: true, port: session.second.port };
    let instance: ServiceInstance | undefined;
    try {
      instance = await harness.start({
        ...session.startOptions,
        observer: {
          line: (line) => session.emit({ type: 'line', stream: line.stream, text: `[B] ${line.text}`, atMs: line.atMs }),
          exit: (exit) => {
            if (!instance || session.second !== instance) return;
            session.second = undefined;
            session.emit({ type: 'instance', name: 'B', state: 'stopped', reason: `it exited (${exit.signal ?? `code ${exit.code}`})` });
          },
        },
      });
    } catch (error) {
      const message = error instanceof CheckFailure ? `Instance B did not start: ${error.observed}` : (error as Error).message;
      return { ok: false, message };
    }
    if (session.harness !== harness || !this.running(labId)) {
      instance.signal('SIGKILL');
      return { ok: false, message: 'Instance A stopped while B was starting.' };
    }
    session.second = instance;
    session.emit({ type: 'instance', name: 'B', state: 'started', port: instance.port });
    return { ok: true, port: instance.port };
  }

  /** Stops instance B (SIGTERM, then SIGKILL after a grace period); A keeps running. */
  async stopSecond(labId: string, reason = 'stopped'): Promise<void> {
    const session = this.sessions.get(labId);
    const second = session?.second;
    if (!session || !second) return;
    session.second = undefined;
    session.emit({ type: 'instance', name: 'B', state: 'stopped', reason });
    second.signal('SIGTERM');
    if (!(await second.waitForExit(SECOND_STOP_GRACE_MS))) {
      second.signal('SIGKILL');
      await second.waitForExit(SECOND_STOP_GRACE_MS);
    }
  }

  /** The lab's shared cache as the cache panel shows it: where it lives, the instances, the store's reads. */
  cacheSnapshot(lab: Lab): CacheSnapshot | undefined {
    const cache = lab.manifest.workspace.cache;
    const session = this.sessions.get(lab.manifest.id);
    if (!cache || !session?.harness) return undefined;
    const running = (instance: ServiceInstance | undefined) => (instance && !instance.exit ? instance.port : null);
    return {
      sharedCache: session.sharedCache ?? null,
      ports: { A: running(session.instance), B: running(session.second) },
      storeReads: session.fakes.has(cache.store) ? (session.reads.get(cache.store) ?? 0) : null,
    };
  }

  /** Switches a fake dependency of the running lab; false when the lab runs no such fake. */
  setFakeMode(labId: string, name: string, mode: WorkspaceFakeMode): boolean {
    const session = this.sessions.get(labId);
    const fake = session?.fakes.get(name);
    if (!session || !fake) return false;
    fake.setMode(mode);
    session.emit({ type: 'fake', name, mode: mode.kind });
    return true;
  }

  /** The last traces of the lab's workspace run (kept after the service exits, until the next Run or Stop). */
  traces(labId: string): TraceSnapshot | undefined {
    return this.sessions.get(labId)?.traces?.snapshot();
  }

  running(labId: string): ServiceInstance | undefined {
    const instance = this.sessions.get(labId)?.instance;
    return instance && !instance.exit ? instance : undefined;
  }

  signal(labId: string, signal: ServiceSignal): boolean {
    const instance = this.running(labId);
    instance?.signal(signal);
    return instance !== undefined;
  }

  /**
   * Sends a request to the running service; a probe gives its own timeout, a learner's request gets a
   * minute. `json`, when given, is the body, sent as application/json.
   */
  request(labId: string, method: string, path: string, timeoutMs = REQUEST_TIMEOUT_MS, json?: unknown, instance: InstanceName = 'A'): Promise<HttpOutcome> | undefined {
    const body = json === undefined ? {} : { body: JSON.stringify(json), headers: { 'content-type': 'application/json' } };
    const target = instance === 'A' ? this.running(labId) : this.sessions.get(labId)?.second;
    return target && !target.exit ? target.request(path, { method, timeoutMs, ...body }) : undefined;
  }

  /** Replays recent events, marked as a replay, then forwards new ones until unsubscribed. */
  subscribe(labId: string, listener: Listener): () => void {
    const session = this.session(labId);
    if (session.recent.length) {
      listener({ type: 'replay', phase: 'begin' });
      for (const event of session.recent) listener(event);
      listener({ type: 'replay', phase: 'end' });
    }
    session.listeners.add(listener);
    return () => session.listeners.delete(listener);
  }

  async stopAll(reason: string): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((labId) => this.stop(labId, reason)));
  }
}
