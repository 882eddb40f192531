/**
 * @module
 * The RED panel without the UI: takes each scrape of the learner's `/metrics` as it comes back and
 * says what to show — a reading over the last few seconds, or why there is none. A failed scrape, a
 * malformed exposition or a missing metric is its own state, never a reading of zero.
 */
import { describeOutcome } from '../../engine/describe.ts';
import { ExpositionError, parseExposition } from '../../engine/exposition.ts';
import type { HttpOutcome } from '../../engine/harness.ts';
import {
  MissingMetricError,
  type RedMetricNames,
  type RedReading,
  redReading,
  redSnapshot,
  type RedSnapshot,
  type RouteReading,
  routeReadings,
  routeSeriesCount,
} from '../../engine/red-metrics.ts';

/** The per-route view of a reading: each route's numbers, how many route series there are, and whether that keeps growing. */
export interface RouteView {
  routes: RouteReading[];
  /** Distinct route label values in the last scrape. */
  series: number;
  /** The count rose in each of the last GROWTH_WINDOWS windows: a label that takes a new value with traffic. */
  growing: boolean;
}

export type RedState =
  | { kind: 'reading'; reading: RedReading; windowSeconds: number; routes: RouteView }
  /** The first good scrape: a rate needs two. */
  | { kind: 'waiting' }
  | { kind: 'scrape-failed'; message: string }
  | { kind: 'malformed'; message: string }
  | { kind: 'missing'; message: string };

/** Rates are taken over this long (or what the scrapes so far cover): over one second they jump about. */
export const WINDOW_MS = 5000;
/**
 * The route series count must have risen in each of this many consecutive windows to count as
 * growing: a service's templates all show within the first seconds of traffic, raw paths go on.
 */
export const GROWTH_WINDOWS = 3;

type Count = { atMs: number; count: number };

/** Whether `count` rose in each of the last `windows` windows of `windowMs` before `atMs` (false while the history is shorter). */
export function keepsGrowing(history: readonly Count[], atMs: number, windowMs = WINDOW_MS, windows = GROWTH_WINDOWS): boolean {
  /** The count as of time `at`: the last one taken then or before. */
  const countAt = (at: number) => history.findLast((entry) => entry.atMs <= at)?.count;
  for (let k = 1; k <= windows; k++) {
    const later = countAt(atMs - (k - 1) * windowMs);
    const earlier = countAt(atMs - k * windowMs);
    if (later === undefined || earlier === undefined || !(later > earlier)) return false;
  }
  return true;
}

export class RedTracker {
  readonly #names: RedMetricNames;
  readonly #windowMs: number;
  #history: RedSnapshot[] = [];
  #routeCounts: Count[] = [];

  constructor(names: RedMetricNames, windowMs = WINDOW_MS) {
    this.#names = names;
    this.#windowMs = windowMs;
  }

  /** Forgets earlier scrapes (the service was restarted, or the runtime changed). */
  reset(): void {
    this.#history = [];
    this.#routeCounts = [];
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
    const series = routeSeriesCount(snapshot);
    this.#routeCounts.push({ atMs, count: series });
    // Keep what the growth test looks back on, and one count from before it.
    const horizon = atMs - (GROWTH_WINDOWS + 1) * this.#windowMs;
    while (this.#routeCounts.length > 2 && this.#routeCounts[1]!.atMs <= horizon) this.#routeCounts.shift();
    const first = this.#history[0]!;
    if (first === snapshot) return { kind: 'waiting' };
    return {
      kind: 'reading',
      reading: redReading(first, snapshot),
      windowSeconds: (atMs - first.atMs) / 1000,
      routes: { routes: routeReadings(first, snapshot), series, growing: keepsGrowing(this.#routeCounts, atMs, this.#windowMs) },
    };
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

/** "38 route series and growing: is a raw path used as a label?", or "5 route series." */
export function describeRouteSeries(view: Pick<RouteView, 'series' | 'growing'>, routeLabel = 'route'): string {
  const counted = `${view.series} ${routeLabel} series`;
  return view.growing ? `${counted} and growing: is a raw path used as a label?` : `${counted}.`;
}

/** One route's numbers as text, as a row of the per-route table shows them. */
export function describeRoute(route: RouteReading): { rate: string; errors: string; p95: string } {
  return {
    rate: `${route.rate.toFixed(1)} req/s`,
    errors: route.errorRatio === undefined ? '–' : `${(route.errorRatio * 100).toFixed(1)} %`,
    p95: route.p95 === undefined ? '–' : `${Math.round(route.p95 * 1000)} ms`,
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
