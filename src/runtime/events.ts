/**
 * @module
 * What a lab runtime tells the workspace about the service it runs. Shared by the Operable server
 * (which produces them) and the browser (which shows them).
 */
import type { BootProblem } from './container-boot.ts';

/** An instance of the lab's service: A is the one Run starts; B runs beside it on the same Redis. */
export type InstanceName = 'A' | 'B';

/**
 * A run's shared cache: `redis` when the runtime runs a real Redis both instances share, `stand-in` when
 * the service runs alone on its in-memory stand-in (ioredis-mock); `message` says which, and why, for the learner.
 */
export interface SharedCache {
  kind: 'redis' | 'stand-in';
  message: string;
}

export type RuntimeEvent =
  | { type: 'starting' }
  | { type: 'started'; port: number }
  | { type: 'start-failed'; message: string }
  | { type: 'line'; stream: 'stdout' | 'stderr'; text: string; atMs: number }
  | { type: 'exit'; code: number | null; signal: string | null; atMs: number }
  | { type: 'stopped'; reason: string }
  | { type: 'fake'; name: string; mode: 'up' | 'down' | 'slow' | 'hanging' }
  /** Where the service's shared cache lives for this run (a lab with `workspace.cache`): a real Redis, or the service's in-memory stand-in, and why. */
  | { type: 'shared-cache'; cache: SharedCache }
  /** A second instance of the service (B, beside A, on the same Redis) started or stopped; its log lines come as `line` events marked `[B]`. */
  | { type: 'instance'; name: 'B'; state: 'started'; port: number }
  | { type: 'instance'; name: 'B'; state: 'stopped'; reason: string }
  /** The runtime itself is getting ready (the in-browser one boots and mounts the lab first). */
  | { type: 'runtime-progress'; message: string; /** a countdown tick, soon replaced */ transient?: boolean }
  /** What the runtime found it can do (the in-browser one, after its preflight): whether signals reach the service. */
  | { type: 'runtime-capabilities'; signals: boolean; summary: string }
  /** The runtime cannot run here; `message` says why and what to do instead. */
  | { type: 'runtime-unavailable'; problem: BootProblem; message: string }
  /** A port of the service has a URL the learner's browser can open (the in-browser runtime's preview). */
  | { type: 'preview'; port: number; url: string }
  /**
   * The events between `begin` and `end` happened before this page subscribed (a run started from an
   * earlier page or session, replayed so a reconnecting page catches up): not news from this page's run.
   */
  | { type: 'replay'; phase: 'begin' | 'end' };
