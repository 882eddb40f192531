/**
 * @module
 * How the checks of lab 05 read a service's metrics, as Prometheus would: scrape GET /metrics, parse
 * the exposition strictly, and compare two scrapes. Counters and histograms only ever grow, so what a
 * burst of traffic did is the difference between a scrape before it and one after — `rate()`'s idea —
 * and requests the harness made while starting the service never count.
 */
import { fail } from '../../src/engine/check.ts';
import { describeOutcome } from '../../src/engine/describe.ts';
import { ExpositionError, histogramSeries, type MetricFamily, type MetricType, parseExposition } from '../../src/engine/exposition.ts';
import type { HttpOutcome, ServiceInstance } from '../../src/engine/harness.ts';

export const REQUESTS = 'http_requests_total';
export const DURATION = 'http_request_duration_seconds';
export const IN_FLIGHT = 'http_requests_in_flight';
/** The labels LABS.md names for both RED metrics, in the order messages show them. */
export const RED_LABELS = ['method', 'route', 'status'] as const;

export interface Scrape {
  families: Map<string, MetricFamily>;
  outcome: Extract<HttpOutcome, { kind: 'response' }>;
}

/** A request's series: method, route and status. */
export interface SeriesId {
  method: string;
  route: string;
  status: string;
}

/** GET /metrics, parsed; a failure says what came back instead. */
export async function scrape(service: ServiceInstance): Promise<Scrape> {
  const outcome = await service.request('/metrics', { timeoutMs: 5000 });
  if (outcome.kind !== 'response' || outcome.status !== 200) {
    fail('GET /metrics to answer 200 with the metrics', outcome.kind === 'response' ? `${describeOutcome(outcome)}: ${outcome.body.slice(0, 200)}` : describeOutcome(outcome));
  }
  try {
    return { families: parseExposition(outcome.body), outcome };
  } catch (error) {
    if (!(error instanceof ExpositionError)) throw error;
    fail('GET /metrics to answer in the Prometheus text format, which Prometheus can parse', `a body it would refuse, at ${error.message}`);
  }
}

/** The family `name`, which must exist and be of `type`. */
export function familyOf(scraped: Scrape, name: string, type: MetricType): MetricFamily {
  const family = scraped.families.get(name);
  if (!family) {
    const names = [...scraped.families.keys()].filter((other) => !other.startsWith('process_') && !other.startsWith('nodejs_'));
    fail(`a metric named ${name} of type ${type}`, `none; besides the default process metrics, /metrics has ${names.length ? names.join(', ') : 'nothing'}`);
  }
  if (family.type !== type) fail(`${name} to be a ${type}`, `# TYPE ${name} ${family.type}`);
  return family;
}

export const seriesKey = ({ method, route, status }: SeriesId) => JSON.stringify([method, route, status]);
export const seriesOfKey = (key: string): SeriesId => {
  const [method, route, status] = JSON.parse(key) as string[];
  return { method: method!, route: route!, status: status! };
};
export const showSeries = (name: string, { method, route, status }: SeriesId) =>
  `${name}{method=${JSON.stringify(method)},route=${JSON.stringify(route)},status=${JSON.stringify(status)}}`;

/** The method, route and status of a sample's labels, or a failure naming the labels it has instead. */
function seriesIdOf(name: string, labels: Record<string, string>): SeriesId {
  const { le: _le, ...own } = labels;
  const missing = RED_LABELS.filter((label) => own[label] === undefined);
  if (missing.length) {
    const shown = Object.keys(own).length ? `{${Object.keys(own).join(', ')}}` : 'none';
    fail(`${name} to be labelled ${RED_LABELS.join(', ')}`, `a series whose labels are ${shown}`);
  }
  return { method: own.method!, route: own.route!, status: own.status! };
}

/** http_requests_total by series. */
export function requestCounts(scraped: Scrape): Map<string, number> {
  const counts = new Map<string, number>();
  for (const sample of familyOf(scraped, REQUESTS, 'counter').samples) counts.set(seriesKey(seriesIdOf(REQUESTS, sample.labels)), sample.value);
  return counts;
}

export interface DurationSeries {
  count: number;
  sum: number;
  /** Upper bound in seconds → observations at or below it (cumulative), `+Inf` included. */
  buckets: Map<number, number>;
}

/**
 * http_request_duration_seconds by series. Fails unless it is a histogram whose every series is whole
 * and consistent: buckets that only grow with `le`, a `+Inf` bucket equal to `_count`, and a `_sum`.
 */
export function durations(scraped: Scrape): Map<string, DurationSeries> {
  const family = scraped.families.get(DURATION);
  if (family && family.type !== 'histogram') {
    fail(
      `${DURATION} to be a histogram: buckets Prometheus can add up across instances and turn into percentiles`,
      `# TYPE ${DURATION} ${family.type}${family.type === 'summary' ? ' (quantiles computed in one process cannot be aggregated)' : family.type === 'gauge' ? ' (one number, such as an average, hides the slow requests)' : ''}`,
    );
  }
  const result = new Map<string, DurationSeries>();
  for (const series of histogramSeries(familyOf(scraped, DURATION, 'histogram'))) {
    const id = seriesIdOf(DURATION, series.labels);
    const where = showSeries(DURATION, id);
    if (series.count === undefined || series.sum === undefined) fail(`every series of ${DURATION} to have a _count and a _sum`, `${where} lacks ${series.count === undefined ? '_count' : '_sum'}`);
    const infinite = series.buckets.at(-1);
    if (infinite?.le !== Infinity) fail(`every series of ${DURATION} to end with the bucket le="+Inf"`, `${where} has none`);
    if (infinite.count !== series.count) fail(`the +Inf bucket to equal _count: every observation is at most +Inf`, `${where}: +Inf bucket ${infinite.count}, _count ${series.count}`);
    series.buckets.forEach((bucket, i) => {
      const previous = series.buckets[i - 1];
      if (previous && bucket.count < previous.count) {
        fail(
          `cumulative buckets: le="${bucket.le}" counts every observation at or below it, so at least the ${previous.count} of le="${previous.le}"`,
          `${where}: le="${previous.le}" ${previous.count}, le="${bucket.le}" ${bucket.count}`,
        );
      }
    });
    result.set(seriesKey(id), { count: series.count, sum: series.sum, buckets: new Map(series.buckets.map(({ le, count }) => [le, count])) });
  }
  return result;
}

/** The single value of an unlabelled gauge (the sum of its series, if it has labels). */
export function gaugeValue(scraped: Scrape, name: string): number {
  return familyOf(scraped, name, 'gauge').samples.reduce((total, sample) => total + sample.value, 0);
}

/** After minus before, series by series, leaving out the series that did not change. */
export function growth(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const changed = new Map<string, number>();
  for (const [key, value] of after) {
    const delta = value - (before.get(key) ?? 0);
    if (delta !== 0) changed.set(key, delta);
  }
  return changed;
}

/** Each series' `_count` (what `durations` returns) as plain counts, for `growth`. */
export const countsOf = (series: Map<string, DurationSeries>) => new Map([...series].map(([key, { count }]) => [key, count]));
