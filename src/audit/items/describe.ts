/**
 * @module
 * How an item puts an answer in its message: status, the headers that matter, a short body.
 */
import type { HttpOutcome } from '../../engine/harness.ts';
import { describeOutcome } from '../../engine/describe.ts';

/** "HTTP 404 in 3 ms" or "connection refused (ECONNREFUSED) after 1 ms", with the body's start. */
export function answer(outcome: HttpOutcome, bodyChars = 160): string {
  if (outcome.kind === 'error') return describeOutcome(outcome);
  const body = outcome.body.trim();
  const excerpt = body && bodyChars > 0 ? `: ${JSON.stringify(body.length > bodyChars ? `${body.slice(0, bodyChars)}…` : body)}` : '';
  return `${describeOutcome(outcome)}${excerpt}`;
}

/** The response's value of a header (names are lower case in outcomes). */
export function header(outcome: HttpOutcome, name: string): string | undefined {
  return outcome.kind === 'response' ? outcome.headers[name.toLowerCase()] : undefined;
}

export const isResponse = (outcome: HttpOutcome): outcome is Extract<HttpOutcome, { kind: 'response' }> => outcome.kind === 'response';
