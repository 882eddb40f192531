/**
 * @module
 * The RED panel: scrapes the learner's `/metrics` every second while the service runs (through the
 * runtime, as the Requests panel sends a request) and shows request rate, error ratio, p50/p95/p99 and
 * requests in flight, as small live charts and as text. The chart library loads with this panel only.
 */
import type { WorkspaceTraffic } from '../../engine/lab.ts';
import type { RuntimeEvent } from '../../runtime/events.ts';
import type { LabRuntime } from '../../runtime/lab-runtime.ts';
import { h } from '../dom.ts';
import { describeReading, describeState, RedTracker, type RedState } from './red-tracker.ts';
import styles from './red.css?raw';

/** One scrape a second, as a short Prometheus scrape interval; a scrape still out is not doubled. */
const SCRAPE_MS = 1000;
/** A minute of points per chart. */
const POINTS = 60;

type Chart = { push(at: number, values: Array<number | null>): void };

interface ChartSpec {
  title: string;
  unit: string;
  series: Array<{ label: string; colour: string }>;
}

function injectStyles(css: string, key: string): void {
  if (document.querySelector(`style[data-${key}]`)) return;
  const style = document.createElement('style');
  style.setAttribute(`data-${key}`, '');
  style.textContent = css;
  document.head.append(style);
}

/** A small live line chart; the figure is hidden from screen readers, which get the numbers as text. */
async function createChart(host: HTMLElement, spec: ChartSpec): Promise<Chart> {
  const [{ default: UPlot }, { default: css }] = await Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css?raw')]);
  injectStyles(css, 'uplot');
  const colour = (name: string) => getComputedStyle(host).getPropertyValue(name).trim() || '#888';
  const times: number[] = [];
  const values: Array<Array<number | null>> = spec.series.map(() => []);
  const axis = { stroke: colour('--muted'), grid: { stroke: colour('--line'), width: 1 }, ticks: { show: false }, font: '11px sans-serif' };
  const plot = new UPlot(
    {
      width: Math.max(host.clientWidth, 200),
      height: 110,
      legend: { show: spec.series.length > 1, live: false },
      cursor: { show: false },
      scales: { y: { range: (_plot, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        // mm:ss: the date and the hour say nothing in a one-minute window.
        { ...axis, size: 24, values: (_plot, ticks) => ticks.map((tick) => new Date(tick * 1000).toISOString().slice(14, 19)) },
        { ...axis, size: 52, space: 18, values: (_plot, ticks) => ticks.map((tick) => `${Number(tick.toPrecision(3))}${spec.unit}`) },
      ],
      series: [{}, ...spec.series.map((series) => ({ label: series.label, stroke: colour(series.colour), width: 1.5, spanGaps: false, points: { show: false } }))],
    },
    [times, ...values],
    host,
  );
  new ResizeObserver(() => host.clientWidth > 0 && plot.setSize({ width: host.clientWidth, height: 110 })).observe(host);
  return {
    push(at, next) {
      times.push(at);
      next.forEach((value, index) => values[index]!.push(value));
      if (times.length > POINTS) {
        times.shift();
        for (const list of values) list.shift();
      }
      plot.setData([times, ...values]);
    },
  };
}

export interface RedPanel {
  element: HTMLElement;
  handle(event: RuntimeEvent): void;
}

export function createRedPanel(runtime: LabRuntime, traffic: WorkspaceTraffic): RedPanel {
  injectStyles(styles, 'red-panel');
  const tracker = new RedTracker(traffic.metrics);
  const state = h('p', { class: 'red-state muted', role: 'status' }, 'Scraping starts when the service runs.');
  const numbers = {
    rate: h('dd', {}, '–'),
    errors: h('dd', {}, '–'),
    p50: h('dd', {}, '–'),
    p95: h('dd', {}, '–'),
    p99: h('dd', {}, '–'),
    inFlight: h('dd', {}, '–'),
  };
  const term = (text: string, value: HTMLElement) => h('div', {}, h('dt', {}, text), value);
  const text = h(
    'dl',
    { class: 'red-numbers', 'aria-label': 'Current RED numbers' },
    term('Request rate', numbers.rate),
    term('Error ratio (5xx)', numbers.errors),
    term('p50', numbers.p50),
    term('p95', numbers.p95),
    term('p99', numbers.p99),
    term('In flight', numbers.inFlight),
  );
  // Rate, errors, latency, in flight: the order `show` pushes its values in.
  const chartSpecs: ChartSpec[] = [
    { title: 'Request rate (req/s)', unit: '', series: [{ label: 'req/s', colour: '--accent' }] },
    { title: 'Error ratio (5xx)', unit: '%', series: [{ label: '5xx', colour: '--bad' }] },
    {
      title: 'Latency',
      unit: ' ms',
      series: [
        { label: 'p50', colour: '--ok' },
        { label: 'p95', colour: '--accent' },
        { label: 'p99', colour: '--bad' },
      ],
    },
    { title: 'In flight', unit: '', series: [{ label: 'in flight', colour: '--accent' }] },
  ];
  const chartHosts = chartSpecs.map(() => h('div', { class: 'red-chart' }));
  const figure = h('div', { class: 'red-charts', 'aria-hidden': 'true' }, ...chartSpecs.map((spec, index) => h('figure', {}, h('figcaption', {}, spec.title), chartHosts[index])));
  const element = h(
    'div',
    { class: 'red-panel' },
    h('p', { class: 'muted small' }, `Scraped from GET ${traffic.metrics.path} every second; rates over the last five seconds, as rate(…[5s]) would give.`),
    state,
    text,
    figure,
  );

  let charts: Chart[] | undefined;
  void Promise.all(chartSpecs.map((spec, index) => createChart(chartHosts[index]!, spec))).then(
    (made) => (charts = made),
    (error: Error) => figure.replaceWith(h('p', { class: 'muted small' }, `The charts could not load (${error.message}); the numbers above still update.`)),
  );

  const say = (sentence: string, bad: boolean) => {
    state.className = `red-state ${bad ? 'bad' : 'muted'}`;
    if (state.textContent !== sentence) state.textContent = sentence; // unchanged text is not announced again
  };

  const show = (result: RedState, atSeconds: number) => {
    const failed = result.kind === 'scrape-failed' || result.kind === 'malformed' || result.kind === 'missing';
    say(describeState(result), failed);
    if (result.kind === 'reading') {
      const words = describeReading(result.reading);
      for (const key of Object.keys(numbers) as Array<keyof typeof numbers>) numbers[key].textContent = words[key];
      const { rate, errorRatio, p50, p95, p99, inFlight } = result.reading;
      const ms = (seconds: number | undefined) => (seconds === undefined ? null : seconds * 1000);
      charts?.[0]!.push(atSeconds, [rate]);
      charts?.[1]!.push(atSeconds, [errorRatio === undefined ? null : errorRatio * 100]);
      charts?.[2]!.push(atSeconds, [ms(p50), ms(p95), ms(p99)]);
      charts?.[3]!.push(atSeconds, [inFlight ?? null]);
    } else if (failed) {
      // What the numbers were is no longer known: say so, and leave a gap in the charts, not a zero.
      for (const value of Object.values(numbers)) value.textContent = 'unknown';
      charts?.forEach((chart, index) => chart.push(atSeconds, index === 2 ? [null, null, null] : [null]));
    }
  };

  let timer: ReturnType<typeof setInterval> | undefined;
  let scraping = false;
  const scrape = async () => {
    if (scraping) return;
    scraping = true;
    try {
      const outcome = await runtime.request('GET', traffic.metrics.path, { timeoutMs: SCRAPE_MS });
      if (timer !== undefined) show(tracker.accept(outcome, performance.now()), Date.now() / 1000);
    } catch (error) {
      if (timer !== undefined) show({ kind: 'scrape-failed', message: (error as Error).message }, Date.now() / 1000);
    } finally {
      scraping = false;
    }
  };
  const start = () => {
    if (timer !== undefined) return;
    tracker.reset();
    say('Scraping…', false);
    timer = setInterval(() => void scrape(), SCRAPE_MS);
    void scrape();
  };
  const stop = (why: string) => {
    if (timer === undefined) return;
    clearInterval(timer);
    timer = undefined;
    say(why, false);
  };

  return {
    element,
    handle(event) {
      if (event.type === 'started') start();
      // From a restart's first event on, the old service is going: no scrape should find it gone.
      else if (event.type === 'starting' || event.type === 'exit' || event.type === 'stopped' || event.type === 'start-failed') stop('The service is not running: no scrapes.');
    },
  };
}
