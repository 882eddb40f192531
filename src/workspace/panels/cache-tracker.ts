/**
 * @module
 * The cache panel without the UI: tallies the `X-Cache` header of every answer the workspace gets,
 * by instance and tier, and turns two samples a second apart (the tally and the store's read count)
 * into rates per second. Only answers the workspace saw are counted: the panel claims nothing about
 * traffic it did not send. A read count it could not get is unknown, never zero.
 */
import type { HttpOutcome } from '../../engine/harness.ts';
import type { InstanceName } from '../../runtime/events.ts';

export const CACHE_SOURCES = ['HIT-L1', 'HIT-L2', 'MISS'] as const;
export type CacheSource = (typeof CACHE_SOURCES)[number];

/** Answers by the value of their cache header, and reads answered without a valid one. */
export type SourceCounts = Record<CacheSource, number> & { unmarked: number };

const emptyCounts = (): SourceCounts => ({ 'HIT-L1': 0, 'HIT-L2': 0, MISS: 0, unmarked: 0 });

/** A path template with `{id}` as a pattern that matches it with any id, e.g. /products/{id} → /products/42. */
export function pathPattern(template: string): RegExp {
  const [before, after] = template.split('{id}').map((part) => part!.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${before}[^/?]+${after ?? ''}(\\?.*)?$`);
}

export class CacheTally {
  private readonly counts: Record<InstanceName, SourceCounts> = { A: emptyCounts(), B: emptyCounts() };
  private readonly header: string;
  private readonly readPath: RegExp;

  constructor(header: string, readPathTemplate: string) {
    this.header = header.toLowerCase();
    this.readPath = pathPattern(readPathTemplate);
  }

  /**
   * Counts one answer: by its header's value when it has one of the three; a read (GET of the read
   * path) answered without one counts as unmarked. Other answers (a PUT, `GET /`, a refusal) are not counted.
   */
  record(instance: InstanceName, method: string, path: string, outcome: HttpOutcome): CacheSource | undefined {
    if (outcome.kind !== 'response') return undefined;
    const value = outcome.headers[this.header]?.trim().toUpperCase();
    const source = CACHE_SOURCES.find((known) => known === value);
    if (source) this.counts[instance][source]++;
    else if (method === 'GET' && this.readPath.test(path) && outcome.status < 500) this.counts[instance].unmarked++;
    return source;
  }

  /** The counts of one instance, or of both together. */
  totals(instance?: InstanceName): SourceCounts {
    if (instance) return { ...this.counts[instance] };
    const sum = emptyCounts();
    for (const counts of Object.values(this.counts)) for (const key of Object.keys(sum) as Array<keyof SourceCounts>) sum[key] += counts[key];
    return sum;
  }

  reset(): void {
    this.counts.A = emptyCounts();
    this.counts.B = emptyCounts();
  }
}

/** What the panel notes each second: the tally so far and the store's reads so far (null: unknown). */
export interface CacheSample {
  atMs: number;
  answers: SourceCounts;
  storeReads: number | null;
}

export interface CacheRates {
  /** Answers per second by tier, over the last interval. */
  perSecond: Record<CacheSource, number>;
  /** Store reads per second; null when either sample lacks the count, or the count went back (a new run). */
  storeReadsPerSecond: number | null;
}

/**
 * Rates between two samples, as Prometheus's `rate()` reads two counter values: increase over
 * elapsed seconds. No previous sample, or none earlier in time, gives no rates.
 */
export function cacheRates(previous: CacheSample | undefined, current: CacheSample): CacheRates | undefined {
  if (!previous) return undefined;
  const seconds = (current.atMs - previous.atMs) / 1000;
  if (!(seconds > 0)) return undefined;
  const rate = (now: number, before: number) => Math.max(0, now - before) / seconds;
  const perSecond = Object.fromEntries(CACHE_SOURCES.map((source) => [source, rate(current.answers[source], previous.answers[source])])) as Record<CacheSource, number>;
  const reads = current.storeReads !== null && previous.storeReads !== null && current.storeReads >= previous.storeReads ? rate(current.storeReads, previous.storeReads) : null;
  return { perSecond, storeReadsPerSecond: reads };
}

/** Share of counted answers that came from a cache tier, or null before any. */
export function hitRatio(counts: SourceCounts): number | null {
  const answered = counts['HIT-L1'] + counts['HIT-L2'] + counts.MISS;
  return answered ? (counts['HIT-L1'] + counts['HIT-L2']) / answered : null;
}

/** One instance's tally in words: "3 HIT-L1 · 1 HIT-L2 · 2 MISS", and the reads without the header, if any. */
export function describeCounts(counts: SourceCounts, header: string): string {
  const known = CACHE_SOURCES.map((source) => `${counts[source]} ${source}`).join(' · ');
  return counts.unmarked ? `${known} · ${counts.unmarked} read${counts.unmarked === 1 ? '' : 's'} without ${header}` : known;
}

/** A rate for the numbers row: one decimal below 10, whole above. */
export function formatRate(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'unknown';
  return value < 10 ? value.toFixed(1) : String(Math.round(value));
}
