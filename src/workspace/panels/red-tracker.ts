/**
 * @module
 * The RED panel without the UI: takes each scrape of the learner's `/metrics` as it comes back and
 * says what to show — a reading over the last few seconds, or why there is none. A failed scrape, a
 * malformed exposition or a missing metric is its own state, never a reading of zero.
 */
import { describeOutcome } from '../../engine/describe.ts';
import { ExpositionError, parseExposition } from '../../engine/exposition.ts';
import type { HttpOutcome } from '../../engine/harness.ts';
import { MissingMetricError, type RedMetricNames, type RedReading, redReading, redSnapshot, type RedSnapshot } from '../../engine/red-metrics.ts';

export type RedState =
  | { kind: 'reading'; reading: RedReading; windowSeconds: number }
  /** The first good scrape: a rate needs two. */
  | { kind: 'waiting' }
  | { kind: 'scrape-failed'; message: string }
  | { kind: 'malformed'; message: string }
  | { kind: 'missing'; message: string };

/** Rates are taken over this long (or what the scrapes so far cover): over one second they jump about. */
export const WINDOW_MS = 5000;

export class RedTracker {
  readonly #names: RedMetricNames;
  readonly #windowMs: number;
  #history: RedSnapshot[] = [];

  constructor(names: RedMetricNames, windowMs = WINDOW_MS) {
    this.#names = names;
    this.#windowMs = windowMs;
  }

  /** Forgets earlier scrapes (the service was restarted, or the runtime changed). */
  reset(): void {
    this.#history = [];
  }

  accept(outcome: HttpOutcome, atMs: number): RedState {
    if (outcome.kind !== 'response') return { kind: 'scrape-failed', message: describeOutcome(outcome) };
    if (outcome.status !== 200) return { kind: 'scrape-failed', message: `${describeOutcome(outcome)}, not 200` };
    let snapshot: RedSnapshot;
    try {
      snapshot = redSnapshot(parseExposition(outcome.body), this.#names, atMs);
    } catch (error) {
      if (error instanceof ExpositionError) return { kind: 'malformed', message: error.message };
      if (error instanceof MissingMetricError) return { kind: 'missing', message: error.message };
      throw error;
    }
    // Keep the newest scrape at least windowMs old as the window's start, and every one after it.
    this.#history.push(snapshot);
    while (this.#history.length > 2 && this.#history[1]!.atMs <= atMs - this.#windowMs) this.#history.shift();
    const first = this.#history[0]!;
    if (first === snapshot) return { kind: 'waiting' };
    return { kind: 'reading', reading: redReading(first, snapshot), windowSeconds: (atMs - first.atMs) / 1000 };
  }
}

/** "12.3 req/s", "4.0 %", "310 ms": the numbers as text, the panel's text alternative to its charts. */
export function describeReading(reading: RedReading): Record<'rate' | 'errors' | 'p50' | 'p95' | 'p99' | 'inFlight', string> {
  const ms = (seconds: number | undefined) => (seconds === undefined ? 'no requests' : `${Math.round(seconds * 1000)} ms`);
  return {
    rate: `${reading.rate.toFixed(1)} req/s`,
    errors: reading.errorRatio === undefined ? 'no requests' : `${(reading.errorRatio * 100).toFixed(1)} %`,
    p50: ms(reading.p50),
    p95: ms(reading.p95),
    p99: ms(reading.p99),
    inFlight: reading.inFlight === undefined ? 'not exposed' : String(reading.inFlight),
  };
}

/** What the panel says about the latest scrape, in a sentence. */
export function describeState(state: RedState): string {
  switch (state.kind) {
    case 'reading':
      return `Last scrape read; rates over the last ${state.windowSeconds.toFixed(0)} s.`;
    case 'waiting':
      return 'First scrape read; a rate needs a second one.';
    case 'scrape-failed':
      return `Scrape failed: ${state.message}.`;
    case 'malformed':
      return `Malformed exposition, which Prometheus would reject: ${state.message}`;
    case 'missing':
      return `The scrape lacks a metric this panel reads: ${state.message}.`;
  }
}
