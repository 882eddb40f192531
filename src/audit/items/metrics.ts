/**
 * @module
 * The metrics endpoint as Prometheus scrapes it: the text format under its Content-Type, parsed
 * strictly; the process's own CPU and memory; request metrics in a histogram; and label values that
 * do not grow with the paths callers invent (one series per route template, not per raw path).
 */
import { expectThat, fail } from '../../engine/check.ts';
import { ExpositionError, type MetricFamily, parseExposition } from '../../engine/exposition.ts';
import { type AuditContext, defineItem, LESSONS } from '../item.ts';
import { answer, isResponse } from './describe.ts';

const teachesIt = LESSONS.metrics;
const EXPOSITION_TYPES = /^(text\/plain;\s*version=0\.0\.4|application\/openmetrics-text)/i;

/** Scrapes the metrics endpoint and parses it, or fails saying what is wrong. */
async function scrape({ client, paths, step, elsewhere }: AuditContext): Promise<Map<string, MetricFamily>> {
  step(`GET ${paths.metrics}`);
  const outcome = await client.request(paths.metrics);
  if (!isResponse(outcome) || outcome.status !== 200) fail(`GET ${paths.metrics} to answer 200 with the service's metrics${elsewhere('--metrics')}`, answer(outcome));
  const type = outcome.headers['content-type'] ?? '';
  expectThat(EXPOSITION_TYPES.test(type), `Content-Type text/plain; version=0.0.4 (or OpenMetrics): what Prometheus parses`, () => `Content-Type ${type || 'none'}`);
  try {
    return parseExposition(outcome.body);
  } catch (error) {
    if (error instanceof ExpositionError) fail('an exposition Prometheus accepts', `a parse error at ${error.message}`);
    throw error;
  }
}

export const metricsExposed = defineItem({
  id: 'metrics.exposition',
  title: 'The metrics endpoint serves the Prometheus text format, with its Content-Type, that parses',
  teachesIt,
  async run(context) {
    const families = await scrape(context);
    context.measure('families', families.size);
    expectThat(families.size > 0, 'at least one metric', () => 'an empty exposition');
  },
});

export const processMetrics = defineItem({
  id: 'metrics.process',
  title: 'The process\'s own CPU and memory are exposed (USE for the process)',
  teachesIt: { ...teachesIt, section: 'use-the-processs-own-metrics' },
  async run(context) {
    const names = [...(await scrape(context)).keys()];
    const cpu = names.some((name) => /process_cpu.*seconds/.test(name));
    const memory = names.some((name) => /process_resident_memory_bytes|heap_(size_)?used_bytes|memory_usage/.test(name));
    expectThat(cpu && memory, 'the process\'s CPU seconds and its memory (prom-client\'s collectDefaultMetrics, or the OpenTelemetry runtime metrics)', () =>
      `${cpu ? 'CPU' : 'no CPU metric'}, ${memory ? 'memory' : 'no memory metric'} among ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''}`,
    );
  },
});

/** The request-duration histograms: families of type histogram whose series carry a route-like label. */
function requestHistograms(families: Map<string, MetricFamily>): MetricFamily[] {
  return [...families.values()].filter((family) => family.type === 'histogram' && family.samples.some((sample) => 'route' in sample.labels || 'http_route' in sample.labels || 'path' in sample.labels));
}

const countOf = (family: MetricFamily) => family.samples.filter((sample) => sample.name.endsWith('_count')).reduce((sum, sample) => sum + sample.value, 0);

export const requestHistogram = defineItem({
  id: 'metrics.request-histogram',
  title: 'Requests are timed in a histogram labelled by route, and the count follows the traffic',
  teachesIt: { ...teachesIt, section: 'histograms' },
  async run(context) {
    const before = requestHistograms(await scrape(context));
    expectThat(before.length > 0, 'a histogram of request durations with a route label (route or http_route): an average cannot give percentiles', () => 'no histogram with a route label');
    context.step(`three GET ${context.paths.route}`);
    for (let i = 0; i < 3; i++) await context.client.request(context.paths.route);
    const after = requestHistograms(await scrape(context));
    const grew = after.some((family) => countOf(family) >= countOf(before.find((old) => old.name === family.name) ?? { ...family, samples: [] }) + 3);
    expectThat(grew, `the histogram's _count to grow by the 3 requests sent`, () => after.map((family) => `${family.name}_count ${countOf(family)}`).join(', '));
  },
});

export const boundedCardinality = defineItem({
  id: 'metrics.bounded-cardinality',
  title: 'Paths callers invent do not become label values: one series per route template',
  teachesIt: { ...teachesIt, section: 'labels-and-cardinality' },
  async run(context) {
    const marker = `audit${context.token()}`;
    context.step('five GETs of paths no route matches, then a scrape');
    for (let i = 0; i < 5; i++) await context.client.request(`/${marker}-${i}/x`);
    const families = await scrape(context);
    const leaked = [...families.values()].flatMap((family) => family.samples.filter((sample) => Object.values(sample.labels).some((value) => value.includes(marker))).map((sample) => sample.name));
    expectThat(leaked.length === 0, 'no label value holding the raw paths sent (unmatched paths share one label)', () => `${leaked.length} series labelled with them, in ${[...new Set(leaked)].join(', ')}`);
  },
});
