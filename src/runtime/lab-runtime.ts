/**
 * @module
 * LabRuntime: where a lab's service runs for the workspace. `local.ts` runs it through the Operable
 * server; a WebContainer runtime will run it in the browser. The workspace only talks to this.
 */
import type { HttpOutcome } from '../engine/harness.ts';
import type { CheckResult, LabReport } from '../engine/report.ts';
import type { TraceSnapshot } from '../engine/traces.ts';
import type { InstanceName, RuntimeEvent, SharedCache } from './events.ts';

export type EditableFiles = Record<string, string>;

export interface RunSettings {
  env?: Record<string, string>;
  scratchFiles?: Record<string, string>;
}

export type StartOutcome = { ok: true } | { ok: false; message: string };

export interface RequestSettings {
  /** Give up after this long, with a TIMEOUT outcome (a probe's timeout); the runtime's own limit otherwise. */
  timeoutMs?: number;
  /** A JSON body, sent with `Content-Type: application/json` (a job's payload); at most REQUEST_JSON_MAX_BYTES once serialised. */
  json?: unknown;
  /** Which instance to ask (default A); B answers only while it runs (a lab with a shared cache, on the local runtime). */
  instance?: InstanceName;
}

/** A lab's shared cache, as the cache panel polls it: where it lives, which instances run, and the store's reads. */
export interface CacheSnapshot {
  /** Null before the run has settled where its cache lives. */
  sharedCache: SharedCache | null;
  /** The port of each instance while it runs, else null. */
  ports: Record<InstanceName, number | null>;
  /** GET requests the lab's record store received since Run, whatever its mode; null when it does not run. */
  storeReads: number | null;
}

/** The largest JSON body a workspace request may carry: a payload, not an upload. */
export const REQUEST_JSON_MAX_BYTES = 64 * 1024;

export interface LabRuntime {
  /** Shown as the runtime badge. */
  readonly label: string;
  /** Runs the service with the learner's files; `env` and `scratchFiles` only shape this run, never grading. */
  start(files: EditableFiles, run?: RunSettings): Promise<StartOutcome>;
  stop(): Promise<void>;
  signal(signal: 'SIGTERM' | 'SIGINT'): Promise<void>;
  request(method: string, path: string, settings?: RequestSettings): Promise<HttpOutcome>;
  /** Switches a fake dependency of the lab (e.g. take the database down). */
  setFake(name: string, mode: 'up' | 'down' | 'slow' | 'hanging'): Promise<void>;
  runChecks(files: EditableFiles, onResult: (result: CheckResult) => void): Promise<LabReport>;
  /** The last traces the lab's collector stand-in received (a lab with `workspace.traces`); undefined when none runs. */
  traces(): Promise<TraceSnapshot | undefined>;
  /** The lab's shared cache (a lab with `workspace.cache`); undefined when the service does not run. */
  cacheSnapshot?(): Promise<CacheSnapshot | undefined>;
  /** Starts instance B beside A on the same Redis; refused (ok: false, with why) where the runtime runs no real Redis. */
  startSecondInstance?(): Promise<StartOutcome>;
  stopSecondInstance?(): Promise<void>;
  /** Events about the service; returns an unsubscribe function. */
  subscribe(listener: (event: RuntimeEvent) => void): () => void;
  close(): void;
}

/** A runtime could not do what was asked; the message is for the learner. */
export class RuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeError';
  }
}

/** The runtime cannot run here at all (it told its subscribers why in a `runtime-unavailable` event). */
export class RuntimeUnavailable extends RuntimeError {
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeUnavailable';
  }
}
