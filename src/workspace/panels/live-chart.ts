/**
 * @module
 * Small live line charts for the workspace's panels (RED, queue, cache): a minute of points, a gap where a
 * value is unknown, never a made-up zero. uPlot and its CSS load with the first chart.
 */

import { h } from '../dom.ts';

/** A minute of points per chart. */
const POINTS = 60;


export type Chart = { push(at: number, values: Array<number | null>): void };

export interface ChartSpec {
  title: string;
  unit: string;
  series: Array<{ label: string; colour: string }>;
}

export function injectStyles(css: string, key: string): void {
  if (document.querySelector(`style[data-${key}]`)) return;
  const style = document.createElement('style');
  style.setAttribute(`data-${key}`, '');
  style.textContent = css;
  document.head.append(style);
}

/** A small live line chart; the figure is hidden from screen readers, which get the numbers as text. */
export async function createChart(host: HTMLElement, spec: ChartSpec): Promise<Chart> {
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

/**
 * A panel's charts in one figure hidden from screen readers (the panel says the numbers in text). Until
 * uPlot has loaded `charts()` is undefined, so pushes are skipped; if it cannot load, the figure is
 * replaced by a sentence saying so.
 */
export function chartFigure(specs: ChartSpec[]): { figure: HTMLElement; charts: () => Chart[] | undefined } {
  const hosts = specs.map(() => h('div', { class: 'red-chart' }));
  const figure = h('div', { class: 'red-charts', 'aria-hidden': 'true' }, ...specs.map((spec, index) => h('figure', {}, h('figcaption', {}, spec.title), hosts[index])));
  let charts: Chart[] | undefined;
  void Promise.all(specs.map((spec, index) => createChart(hosts[index]!, spec))).then(
    (made) => (charts = made),
    (error: Error) => figure.replaceWith(h('p', { class: 'muted small' }, `The charts could not load (${error.message}); the numbers above still update.`)),
  );
  return { figure, charts: () => charts };
}
