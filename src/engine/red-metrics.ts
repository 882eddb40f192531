/**
 * @module
 * RED (rate, errors, duration) from two scrapes of a service's `/metrics`, computed as Prometheus's
 * `rate()`, `sum by (le)` and `histogram_quantile()` would over the window between them. DOM-free, so
 * the workspace's RED panel and anything else that charts a lab's metrics share one tested reading.
 */
import { histogramSeries, type MetricFamily } from './exposition.ts';

/** One cumulative bucket: how many observations were at most `le` seconds (`Infinity` for `+Inf`). */
export interface Bucket {
  le: number;
  count: number;
}

/** The metric names a RED reading needs (a lab's `workspace.traffic.metrics`). */
export interface RedMetricNames {
  requests: string;
  duration: string;
  inFlight: string;
  statusLabel: string;
  /** The label the per-route view groups by (default `route`). */
  routeLabel?: string;
}

/** The route of a series without the route label: still counted, under a name of its own. */
export const NO_ROUTE_LABEL = '(no route label)';

/** What one scrape contributes: each series' counter and buckets (with its route), and the gauge. */
export interface RedSnapshot {
  atMs: number;
  /** Per series key, so a series that restarted from zero is seen as a reset, not a negative rate. */
  requests: Map<string, { value: number; error: boolean; route: string }>;
  /** Per series key, its cumulative buckets. */
  buckets: Map<string, { route: string; buckets: Bucket[] }>;
  inFlight: number | undefined;
}

export interface RedReading {
  /** Requests per second over the window. */
  rate: number;
  /** Share of the window's requests answered with a 5xx; undefined when there were none. */
  errorRatio: number | undefined;
  /** Seconds; undefined when no request was observed in the window. */
  p50: number | undefined;
  p95: number | undefined;
  p99: number | undefined;
  inFlight: number | undefined;
}

/**
 * Estimates the q-quantile (0.95 for p95) from cumulative buckets as histogram_quantile() does: find
 * the bucket the rank falls in and assume its observations are spread evenly across it. Undefined
 * when there are no observations or no `+Inf` bucket; the highest finite bound when the rank falls
 * in `+Inf` (the most the buckets can tell).
 *
 * @example quantileFromBuckets(0.5, [{ le: 0.1, count: 2 }, { le: Infinity, count: 4 }]) // 0.1
 */
export function quantileFromBuckets(q: number, buckets: readonly Bucket[]): number | undefined {
  const last = buckets.at(-1);
  if (!last || last.le !== Infinity || !(last.count > 0)) return undefined;
  const rank = q * last.count;
  const index = buckets.findIndex((bucket) => bucket.count >= rank);
  const bucket = buckets[index]!;
  if (bucket.le === Infinity) return index === 0 ? undefined : buckets[index - 1]!.le;
  const lower = index === 0 ? 0 : buckets[index - 1]!.le;
  const below = index === 0 ? 0 : buckets[index - 1]!.count;
  if (bucket.count === below) return bucket.le;
  return lower + (bucket.le - lower) * ((rank - below) / (bucket.count - below));
}

const seriesKey = (labels: Record<string, string>) =>
  Object.keys(labels)
    .sort()
    .map((name) => `${name}=${JSON.stringify(labels[name])}`)
    .join(',');

/** A metric the reading needs is not in the scrape, or has another type: said by name. */
export class MissingMetricError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingMetricError';
  }
}

function family(families: Map<string, MetricFamily>, name: string, type: MetricFamily['type']): MetricFamily {
  const found = families.get(name);
  if (!found) throw new MissingMetricError(`no ${type} named ${name} in the scrape`);
  if (found.type !== type) throw new MissingMetricError(`${name} is a ${found.type}, not a ${type}`);
  return found;
}

/** Reads one parsed scrape into what a RED reading needs; throws MissingMetricError when a metric is absent. */
export function redSnapshot(families: Map<string, MetricFamily>, names: RedMetricNames, atMs: number): RedSnapshot {
  const routeOf = (labels: Record<string, string>) => labels[names.routeLabel ?? 'route'] ?? NO_ROUTE_LABEL;
  const requests = new Map<string, { value: number; error: boolean; route: string }>();
  for (const sample of family(families, names.requests, 'counter').samples) {
    if (sample.name !== names.requests) continue; // prom-client also serves `_created` for some counters
    const status = Number(sample.labels[names.statusLabel]);
    requests.set(seriesKey(sample.labels), { value: sample.value, error: status >= 500 && status <= 599, route: routeOf(sample.labels) });
  }
  const buckets = new Map<string, { route: string; buckets: Bucket[] }>();
  for (const series of histogramSeries(family(families, names.duration, 'histogram'))) {
    buckets.set(seriesKey(series.labels), { route: routeOf(series.labels), buckets: series.buckets });
  }
  const gauge = families.get(names.inFlight);
  const inFlight = gauge?.type === 'gauge' ? gauge.samples.reduce((sum, sample) => sum + sample.value, 0) : undefined;
  return { atMs, requests, buckets, inFlight };
}

/** How much a counter grew between two scrapes; a counter that went down restarted from zero, as rate() assumes. */
const increase = (before: number | undefined, after: number) => (before === undefined || after < before ? after : after - before);

/**
 * The window's buckets, every series (or those of one route) summed by `le`: what
 * `sum by (le) (rate(..._bucket[w]))` charts.
 */
export function bucketIncrease(before: RedSnapshot, after: RedSnapshot, route?: string): Bucket[] {
  const byLe = new Map<number, number>();
  for (const [key, series] of after.buckets) {
    if (route !== undefined && series.route !== route) continue;
    const { buckets } = series;
    const earlier = new Map(before.buckets.get(key)?.buckets.map((bucket) => [bucket.le, bucket.count]));
    for (const bucket of buckets) byLe.set(bucket.le, (byLe.get(bucket.le) ?? 0) + increase(earlier.get(bucket.le), bucket.count));
  }
  return [...byLe].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
}

/** Rate, error ratio and latency percentiles between two scrapes, and the in-flight gauge of the later one. */
export function redReading(before: RedSnapshot, after: RedSnapshot): RedReading {
  const seconds = (after.atMs - before.atMs) / 1000;
  if (!(seconds > 0)) throw new RangeError('the second scrape must come after the first');
  let total = 0;
  let errors = 0;
  for (const [key, series] of after.requests) {
    const grown = increase(before.requests.get(key)?.value, series.value);
    total += grown;
    if (series.error) errors += grown;
  }
  const buckets = bucketIncrease(before, after);
  return {
    rate: total / seconds,
    errorRatio: total > 0 ? errors / total : undefined,
    p50: quantileFromBuckets(0.5, buckets),
    p95: quantileFromBuckets(0.95, buckets),
    p99: quantileFromBuckets(0.99, buckets),
    inFlight: after.inFlight,
  };
}

/** One route's share of the window: what `sum by (route) (rate(…))` and its quantile would give. */
export interface RouteReading {
  route: string;
  /** Requests per second over the window. */
  rate: number;
  /** Share answered with a 5xx; undefined when the route had no request in the window. */
  errorRatio: number | undefined;
  /** Seconds; undefined when no request of the route was observed in the window. */
  p95: number | undefined;
}

/**
 * Rate, error ratio and p95 of each route label value the later scrape holds, busiest first (then by
 * name). A raw path used as the label shows here as one row per path.
 */
export function routeReadings(before: RedSnapshot, after: RedSnapshot): RouteReading[] {
  const seconds = (after.atMs - before.atMs) / 1000;
  if (!(seconds > 0)) throw new RangeError('the second scrape must come after the first');
  const totals = new Map<string, { total: number; errors: number }>();
  for (const [key, series] of after.requests) {
    const grown = increase(before.requests.get(key)?.value, series.value);
    const route = totals.get(series.route) ?? { total: 0, errors: 0 };
    route.total += grown;
    if (series.error) route.errors += grown;
    totals.set(series.route, route);
  }
  return [...totals]
    .map(([route, { total, errors }]) => ({
      route,
      rate: total / seconds,
      errorRatio: total > 0 ? errors / total : undefined,
      p95: quantileFromBuckets(0.95, bucketIncrease(before, after, route)),
    }))
    .sort((a, b) => b.rate - a.rate || a.route.localeCompare(b.route));
}

/** How many distinct route label values the scrape's request counter holds: one per template, if all is well. */
export function routeSeriesCount(snapshot: RedSnapshot): number {
  return new Set([...snapshot.requests.values()].map((series) => series.route)).size;
}
