/**
 * @module
 * Turns what a check observed (a request's outcome, a process exit) into words for its message.
 */
import type { ExitInfo, HttpOutcome } from './harness.ts';

/** "HTTP 200 in 1512 ms" / "connection refused (ECONNREFUSED) after 3 ms": for check messages. */
export function describeOutcome(outcome: HttpOutcome): string {
  if (outcome.kind === 'response') return `HTTP ${outcome.status} in ${outcome.durationMs} ms`;
  if (outcome.code === 'NOT_RUNNING') return outcome.message;
  const meaning: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset before a complete response',
    TIMEOUT: 'no answer',
  };
  return `${meaning[outcome.code] ?? outcome.message} (${outcome.code}) after ${outcome.durationMs} ms`;
}

/** "exit code 1" / "killed by SIGTERM". */
export function describeExit(exit: ExitInfo): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}
