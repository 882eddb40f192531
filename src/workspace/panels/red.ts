/**
 * @module
 * The RED panel: scrapes the learner's `/metrics` every second while the service runs (through the
 * runtime, as the Requests panel sends a request) and shows request rate, error ratio, p50/p95/p99 and
 * requests in flight, as small live charts and as text, and the same per route label value (a raw path
 * used as the label shows as many rows and a series count that keeps growing). The chart library
 * loads with this panel only.
 */
import type { WorkspaceTraffic } from '../../engine/lab.ts';
import type { RuntimeEvent } from '../../runtime/events.ts';
import type { LabRuntime } from '../../runtime/lab-runtime.ts';
import { h } from '../dom.ts';
import { describeReading, describeRoute, describeRouteSeries, describeState, RedTracker, type RedState, type RouteView } from './red-tracker.ts';
import { type ChartSpec, chartFigure, injectStyles } from './live-chart.ts';
import styles from './red.css?raw';

/** One scrape a second, as a short Prometheus scrape interval; a scrape still out is not doubled. */
const SCRAPE_MS = 1000;
/** Rows of the per-route table; the rest are counted below it. */
const ROUTE_ROWS = 12;

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
  // Per route: the label values of the last scrape, and how many there are (a raw path makes many).
  const routeLabel = traffic.metrics.routeLabel;
  const routeCount = h('p', { class: 'red-route-count muted' }, `No ${routeLabel} series yet.`);
  const routeRows = h('tbody', {});
  const routeMore = h('p', { class: 'muted small', hidden: true });
  const routeTable = h(
    'table',
    { class: 'red-routes' },
    h('caption', {}, `By ${routeLabel} label, busiest first`),
    h(
      'thead',
      {},
      h('tr', {}, ...[routeLabel[0]!.toUpperCase() + routeLabel.slice(1), 'Request rate', 'Error ratio (5xx)', 'p95'].map((name) => h('th', { scope: 'col' }, name))),
    ),
    routeRows,
  );
  const routeSection = h('section', { class: 'red-route-view', 'aria-label': `Requests by ${routeLabel}` }, routeCount, routeTable, routeMore);
  const showRoutes = (view: RouteView | undefined) => {
    if (!view) {
      routeCount.className = 'red-route-count muted';
      routeCount.textContent = `How many ${routeLabel} series there are is unknown.`;
      routeRows.replaceChildren();
      routeMore.hidden = true;
      return;
    }
    routeCount.className = `red-route-count ${view.growing ? 'bad' : 'muted'}`;
    routeCount.textContent = describeRouteSeries(view, routeLabel);
    routeRows.replaceChildren(
      ...view.routes.slice(0, ROUTE_ROWS).map((route) => {
        const words = describeRoute(route);
        return h('tr', {}, h('th', { scope: 'row' }, h('code', {}, route.route)), h('td', {}, words.rate), h('td', {}, words.errors), h('td', {}, words.p95));
      }),
    );
    const more = view.routes.length - ROUTE_ROWS;
    routeMore.hidden = more <= 0;
    routeMore.textContent = more > 0 ? `and ${more} more` : '';
  };

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
  const { figure, charts } = chartFigure(chartSpecs);
  const element = h(
    'div',
    { class: 'red-panel' },
    h('p', { class: 'muted small' }, `Scraped from GET ${traffic.metrics.path} every second; rates over the last five seconds, as rate(…[5s]) would give.`),
    state,
    text,
    routeSection,
    figure,
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
      showRoutes(result.routes);
      const { rate, errorRatio, p50, p95, p99, inFlight } = result.reading;
      const ms = (seconds: number | undefined) => (seconds === undefined ? null : seconds * 1000);
      charts()?.[0]!.push(atSeconds, [rate]);
      charts()?.[1]!.push(atSeconds, [errorRatio === undefined ? null : errorRatio * 100]);
      charts()?.[2]!.push(atSeconds, [ms(p50), ms(p95), ms(p99)]);
      charts()?.[3]!.push(atSeconds, [inFlight ?? null]);
    } else if (failed) {
      // What the numbers were is no longer known: say so, and leave a gap in the charts, not a zero.
      for (const value of Object.values(numbers)) value.textContent = 'unknown';
      showRoutes(undefined);
      charts()?.forEach((chart, index) => chart.push(atSeconds, index === 2 ? [null, null, null] : [null]));
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
