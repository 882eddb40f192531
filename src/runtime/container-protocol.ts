/**
 * @module
 * How the browser talks to the programs it runs inside a WebContainer. Both sides import this file:
 * the bundled runner (`checks.mjs`, src/container/) and the WebContainer runtime (src/runtime/).
 *
 * A container process's output is a terminal stream, so answers come back as JSON lines on stdout
 * (anything else on it is ordinary output, shown in the terminal). Commands go the other way as
 * files: the session process watches an inbox folder, because a terminal's input would echo them
 * and cut long lines.
 */
import type { FakeMode, HttpOutcome } from '../engine/harness.ts';
import type { CheckResult, LabReport } from '../engine/report.ts';
import type { RuntimeEvent } from './events.ts';

/** Paths inside the container's working directory. */
export const CONTAINER_LAYOUT = {
  /** The bundled check runner and session program. */
  runner: 'checks.mjs',
  /** The lab's service: starter files, the learner's editable files written over them, vendored node_modules. */
  labDir: 'lab',
  /** Where the browser drops session commands, one JSON file each, named so they sort in order. */
  inbox: 'lab/.operable/inbox',
} as const;

export type FakeModeKind = FakeMode['kind'];

/** A command for the session process. The learner's editable files are written to `lab/` before `start`. */
export type SessionCommand =
  | { id: number; op: 'start'; env: Record<string, string>; scratchFiles: Record<string, string> }
  | { id: number; op: 'stop' }
  | { id: number; op: 'signal'; signal: 'SIGTERM' | 'SIGINT' }
  | { id: number; op: 'request'; method: string; path: string }
  | { id: number; op: 'fake'; name: string; mode: FakeModeKind };

/** What the session process prints, one JSON object a line. */
export type SessionMessage =
  | { type: 'session-ready' }
  | { type: 'event'; event: RuntimeEvent }
  | { type: 'reply'; id: number; ok: true; outcome?: HttpOutcome }
  | { type: 'reply'; id: number; ok: false; error: string };

/** What `checks.mjs check --stream` prints, one JSON object a line; the local runtime's API streams the same. */
export type CheckStreamItem = { type: 'result'; result: CheckResult } | { type: 'report'; report: LabReport } | { type: 'error'; message: string };

/** The file name of command number `id` in the inbox: zero-padded so names sort in sending order. */
export function inboxFileName(id: number): string {
  return `${String(id).padStart(9, '0')}.json`;
}

/** A protocol message from one line of output, or undefined for ordinary output. Terminal line endings are tolerated. */
export function parseProtocolLine(line: string): { type: string } | undefined {
  const text = line.replace(/\r$/, '').trim();
  if (!text.startsWith('{"type":')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string' ? (value as { type: string }) : undefined;
  } catch {
    return undefined;
  }
}
