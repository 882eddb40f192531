/**
 * @module
 * What a lab runtime tells the workspace about the service it runs. Shared by the Operable server
 * (which produces them) and the browser (which shows them).
 */
import type { BootProblem } from './container-boot.ts';

export type RuntimeEvent =
  | { type: 'starting' }
  | { type: 'started'; port: number }
  | { type: 'start-failed'; message: string }
  | { type: 'line'; stream: 'stdout' | 'stderr'; text: string; atMs: number }
  | { type: 'exit'; code: number | null; signal: string | null; atMs: number }
  | { type: 'stopped'; reason: string }
  | { type: 'fake'; name: string; mode: 'up' | 'down' | 'slow' | 'hanging' }
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
