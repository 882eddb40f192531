/**
 * @module
 * One LabRuntime for the workspace whatever runs the lab: it forwards to the runtime the learner
 * chose, and moves the workspace's listeners when the choice changes, so panels never hold a stale one.
 */
import type { HttpOutcome } from '../engine/harness.ts';
import type { CheckResult, LabReport } from '../engine/report.ts';
import type { TraceSnapshot } from '../engine/traces.ts';
import type { RuntimeEvent } from './events.ts';
import type { CacheSnapshot, EditableFiles, LabRuntime, RequestSettings, RunSettings, StartOutcome } from './lab-runtime.ts';

export class SwitchableRuntime implements LabRuntime {
  private current: LabRuntime;
  private readonly listeners = new Set<(event: RuntimeEvent) => void>();
  private unsubscribe: () => void;

  constructor(initial: LabRuntime) {
    this.current = initial;
    this.unsubscribe = this.follow(initial);
  }

  private follow(runtime: LabRuntime): () => void {
    return runtime.subscribe((event) => {
      for (const listener of this.listeners) listener(event);
    });
  }

  get label(): string {
    return this.current.label;
  }

  get active(): LabRuntime {
    return this.current;
  }

  /** Stops the service on the runtime in use, then uses `next`. */
  async use(next: LabRuntime): Promise<void> {
    if (next === this.current) return;
    const previous = this.current;
    this.unsubscribe();
    this.current = next;
    this.unsubscribe = this.follow(next);
    await previous.stop().catch(() => undefined);
  }

  start(files: EditableFiles, run?: RunSettings): Promise<StartOutcome> {
    return this.current.start(files, run);
  }
  stop(): Promise<void> {
    return this.current.stop();
  }
  signal(signal: 'SIGTERM' | 'SIGINT'): Promise<void> {
    return this.current.signal(signal);
  }
  request(method: string, path: string, settings?: RequestSettings): Promise<HttpOutcome> {
    return this.current.request(method, path, settings);
  }
  setFake(name: string, mode: 'up' | 'down' | 'slow' | 'hanging'): Promise<void> {
    return this.current.setFake(name, mode);
  }
  runChecks(files: EditableFiles, onResult: (result: CheckResult) => void): Promise<LabReport> {
    return this.current.runChecks(files, onResult);
  }
  traces(): Promise<TraceSnapshot | undefined> {
    return this.current.traces();
  }
  cacheSnapshot(): Promise<CacheSnapshot | undefined> {
    return this.current.cacheSnapshot?.() ?? Promise.resolve(undefined);
  }
  startSecondInstance(): Promise<StartOutcome> {
    return this.current.startSecondInstance?.() ?? Promise.resolve({ ok: false, message: `${this.current.label} runs one instance.` });
  }
  stopSecondInstance(): Promise<void> {
    return this.current.stopSecondInstance?.() ?? Promise.resolve();
  }
  subscribe(listener: (event: RuntimeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  close(): void {
    this.unsubscribe();
    this.current.close();
  }
}
