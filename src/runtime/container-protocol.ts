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
import stripAnsi from 'strip-ansi';
import type { HttpOutcome, WorkspaceFakeKind } from '../engine/harness.ts';
import type { CheckResult, LabReport } from '../engine/report.ts';
import type { TraceSnapshot } from '../engine/traces.ts';
import type { RuntimeEvent } from './events.ts';
import type { CacheSnapshot } from './lab-runtime.ts';

/** Paths inside the container's working directory. */
export const CONTAINER_LAYOUT = {
  /** The bundled check runner and session program. */
  runner: 'checks.mjs',
  /** The lab's service: starter files, the learner's editable files written over them, vendored node_modules. */
  labDir: 'lab',
  /** Where the browser drops session commands, one JSON file each, named so they sort in order. */
  inbox: 'lab/.operable/inbox',
  /**
   * The type stripper for a container whose Node cannot run `.ts` (amaro and its load hooks), mounted
   * only when the preflight asks for it; `register.mjs` is what `node --import` loads.
   */
  typeStripper: 'type-stripper',
} as const;

/**
 * The Node a WebContainer should run: its default is Node 20, which cannot run `.ts`; a root
 * `.nvmrc` or `engines.node` opts into Node 22 (webcontainer-core#560), whose 22.18+ strips types.
 */
export const CONTAINER_NODE_VERSION = '22.22.0';

/** What the preflight found out about the container's Node (`node checks.mjs preflight <dir>`). */
export interface NodeProfile {
  /** `process.version` of the container's Node. */
  version: string;
  /** How it runs TypeScript: by itself, with a flag (22.6–22.17), through the mounted type stripper, or not at all. */
  typeScript: 'native' | 'flag' | 'stripper' | 'unavailable';
  /** Whether a signal sent to a service reaches its handler (SIGTERM, as the shutdown checks send it). */
  signals: boolean;
  /** The flags a lab service starts with, before its entry file. */
  serviceArgs: string[];
  /** How long the preflight took. */
  probedMs: number;
}

export type FakeModeKind = WorkspaceFakeKind;

/** A command for the session process. The learner's editable files are written to `lab/` before `start`. */
export type SessionCommand =
  | { id: number; op: 'start'; env: Record<string, string>; scratchFiles: Record<string, string> }
  | { id: number; op: 'stop' }
  | { id: number; op: 'signal'; signal: 'SIGTERM' | 'SIGINT' }
  | { id: number; op: 'request'; method: string; path: string; timeoutMs?: number; json?: unknown }
  | { id: number; op: 'fake'; name: string; mode: FakeModeKind }
  | { id: number; op: 'traces' }
  | { id: number; op: 'cache' };

/** What the session process prints, one JSON object a line. */
export type SessionMessage =
  | { type: 'session-ready' }
  | { type: 'event'; event: RuntimeEvent }
  | { type: 'reply'; id: number; ok: true; outcome?: HttpOutcome; traces?: TraceSnapshot; cache?: CacheSnapshot }
  | { type: 'reply'; id: number; ok: false; error: string };

/** What `checks.mjs check --stream` prints, one JSON object a line; the local runtime's API streams the same. */
export type CheckStreamItem = { type: 'result'; result: CheckResult } | { type: 'report'; report: LabReport } | { type: 'error'; message: string };

/** One line for the learner's terminal: which Node, how it runs TypeScript, whether signals arrive. */
export function describeProfile(profile: NodeProfile): string {
  const typeScript = {
    native: 'runs TypeScript itself',
    flag: 'runs TypeScript with --experimental-strip-types',
    stripper: 'runs TypeScript through the bundled type stripper',
    unavailable: 'cannot run TypeScript',
  }[profile.typeScript];
  return `Node ${profile.version} in the in-browser runtime ${typeScript}; signals ${profile.signals ? 'reach your service' : 'do not reach your service there'} (checked in ${profile.probedMs} ms).`;
}

/** What `checks.mjs preflight` prints, one JSON line. */
export type PreflightMessage = { type: 'preflight'; profile: NodeProfile };

/** The file name of command number `id` in the inbox: zero-padded so names sort in sending order. */
export function inboxFileName(id: number): string {
  return `${String(id).padStart(9, '0')}.json`;
}

/** The marker every protocol line carries; what precedes it on a line (terminal escape codes, a prompt) is ignored. */
const PROTOCOL_START = '{"type":';

/**
 * One protocol message as a line of pure ASCII: every other character is written as a JSON `\u`
 * escape, so a terminal stream that decodes UTF-8 chunk by chunk (and may cut a character in two)
 * cannot corrupt it.
 */
export function protocolLine(message: { type: string }): string {
  return `${JSON.stringify(message).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

/**
 * A protocol message from one line of output, or undefined for ordinary output. A terminal's line
 * endings and escape codes (colours, cursor moves, a line cleared before it) are tolerated.
 */
export function parseProtocolLine(line: string): { type: string } | undefined {
  const text = stripAnsi(line).replace(/\r$/, '').trim();
  const start = text.indexOf(PROTOCOL_START);
  if (start < 0) return undefined;
  try {
    const value: unknown = JSON.parse(text.slice(start));
    return value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string' ? (value as { type: string }) : undefined;
  } catch {
    return undefined;
  }
}
