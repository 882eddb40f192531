/**
 * @module
 * The services learners run from the workspace: at most one per lab, started through the same Node
 * harness the grader uses, their output fanned out to whoever listens (with a short replay for a page
 * that reconnects), and stopped on request, after an idle hour, or when the server stops.
 */
import { CheckFailure } from '../engine/check.ts';
import type { HttpOutcome, ServiceInstance, ServiceSignal, WorkspaceFakeMode } from '../engine/harness.ts';
import type { Lab } from '../engine/lab.ts';
import type { SubmissionFiles } from '../engine/submission.ts';
import { type FakeHttpDependency, fakeOfKind } from '../engine/node/fake-dependency.ts';
import { NodeHarness, type NodeHarnessOptions } from '../engine/node/node-harness.ts';
import type { RuntimeEvent } from '../runtime/events.ts';
import type { TraceSnapshot } from '../engine/traces.ts';
import { OTLP_ENDPOINT_ENV, WorkspaceTraces } from './workspace-traces.ts';

export type { RuntimeEvent };

type Listener = (event: RuntimeEvent) => void;

const REPLAY_EVENTS = 500;
const MAX_RUN_MS = 60 * 60 * 1000;
export const REQUEST_TIMEOUT_MS = 65_000;

class LabSession {
  harness: NodeHarness | undefined;
  /** The lab's fake dependencies (lab 04's database), alive while the service runs. */
  readonly fakes = new Map<string, FakeHttpDependency>();
  /** The collector and the last traces, for a lab whose workspace shows traces; alive until the next start or stop. */
  traces: WorkspaceTraces | undefined;
  instance: ServiceInstance | undefined;
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
    const env: Record<string, string> = { ...run.env };
    if (lab.manifest.workspace.traces) {
      session.traces = new WorkspaceTraces();
      env[OTLP_ENDPOINT_ENV] = await session.traces.start();
    }
    for (const fake of lab.manifest.workspace.fakes) {
      const dependency = await fakeOfKind(fake.name, fake.kind, session.traces?.standIn(fake.name)).listen();
      session.fakes.set(fake.name, dependency);
      env[fake.env] = dependency.url;
      session.emit({ type: 'fake', name: fake.name, mode: 'up' });
    }
    try {
      const instance = await harness.start({
        env,
        files: run.scratchFiles,
        observer: {
          line: (line) => session.emit({ type: 'line', stream: line.stream, text: line.text, atMs: line.atMs }),
          exit: (exit) => session.emit({ type: 'exit', ...exit }),
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
    clearTimeout(session.lifetime);
    await harness.dispose();
    await disposeFakes(session);
    session.emit({ type: 'stopped', reason });
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
  request(labId: string, method: string, path: string, timeoutMs = REQUEST_TIMEOUT_MS, json?: unknown): Promise<HttpOutcome> | undefined {
    const body = json === undefined ? {} : { body: JSON.stringify(json), headers: { 'content-type': 'application/json' } };
    return this.running(labId)?.request(path, { method, timeoutMs, ...body });
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
