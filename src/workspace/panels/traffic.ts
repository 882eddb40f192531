/**
 * @module
 * The traffic generator's controls: requests per second, the share sent to the lab's error path and
 * to its slow path, for how long; Start and Stop. Requests go through the runtime, as the Requests
 * panel's do, so it works on either runtime. The bounds are the loop's (traffic-loop.ts).
 */
import { MAX_TRAFFIC_RPS, MAX_TRAFFIC_SECONDS, type WorkspaceTraffic } from '../../engine/lab.ts';
import type { RuntimeEvent } from '../../runtime/events.ts';
import type { LabRuntime } from '../../runtime/lab-runtime.ts';
import { h } from '../dom.ts';
import { boundTraffic, startTrafficLoop, type TrafficCounts } from './traffic-loop.ts';

/** A request the service has not answered in this long counts as failed. */
const REQUEST_TIMEOUT_MS = 5000;
const DEFAULT_SECONDS = 60;

export interface TrafficPanel {
  element: HTMLElement;
  handle(event: RuntimeEvent): void;
}

const describeCounts = (counts: TrafficCounts) =>
  `sent ${counts.sent} · answered ${counts.ok} · 5xx ${counts.errors} · no answer ${counts.failed} · in flight ${counts.inFlight}` +
  (counts.skipped ? ` · skipped ${counts.skipped} (too many in flight)` : '');

export function createTrafficPanel(runtime: LabRuntime, traffic: WorkspaceTraffic): TrafficPanel {
  const number = (label: string, value: number, min: number, max: number, step: number) =>
    h('input', { type: 'number', value: String(value), min: String(min), max: String(max), step: String(step), 'aria-label': label });
  const rps = number('Requests per second', traffic.rps, 1, MAX_TRAFFIC_RPS, 1);
  const errorPercent = number(`Per cent sent to ${traffic.errorPath}`, Math.round(traffic.errorRatio * 100), 0, 100, 1);
  const slowPercent = number(`Per cent sent to ${traffic.slowPath}`, Math.round(traffic.slowRatio * 100), 0, 100, 1);
  const seconds = number('For how many seconds', DEFAULT_SECONDS, 1, MAX_TRAFFIC_SECONDS, 1);
  const button = h('button', { type: 'button', class: 'button small' }, 'Start traffic');
  const counts = h('p', { class: 'ws-traffic-counts' });
  const status = h('p', { class: 'muted small', role: 'status' });

  let loop: { stop(): void } | undefined;
  const stop = () => loop?.stop();
  const start = () => {
    const settings = boundTraffic({
      rps: rps.valueAsNumber,
      errorRatio: errorPercent.valueAsNumber / 100,
      slowRatio: slowPercent.valueAsNumber / 100,
      durationSeconds: seconds.valueAsNumber,
    });
    // Show what will be sent, after the bounds.
    rps.value = String(settings.rps);
    slowPercent.value = String(Math.round(settings.slowRatio * 100));
    seconds.value = String(settings.durationSeconds);
    button.textContent = 'Stop traffic';
    status.textContent = `Sending ${settings.rps} requests a second for ${settings.durationSeconds} s.`;
    loop = startTrafficLoop({
      traffic,
      settings,
      send: (path) => runtime.request('GET', path, { timeoutMs: REQUEST_TIMEOUT_MS }),
      onUpdate: (latest) => (counts.textContent = describeCounts(latest)),
      onStop: (reason, latest) => {
        loop = undefined;
        button.textContent = 'Start traffic';
        counts.textContent = describeCounts(latest);
        status.textContent = reason === 'finished' ? `Traffic finished after ${settings.durationSeconds} s.` : 'Traffic stopped.';
      },
    });
  };
  button.addEventListener('click', () => (loop ? stop() : start()));

  const element = h(
    'div',
    { class: 'ws-traffic-panel' },
    h(
      'div',
      { class: 'ws-traffic', role: 'group', 'aria-label': 'Traffic generator' },
      h('label', {}, rps, ' req/s'),
      h('label', {}, errorPercent, ' % to ', h('code', {}, traffic.errorPath)),
      h('label', {}, slowPercent, ' % to ', h('code', {}, traffic.slowPath)),
      h('label', {}, 'for ', seconds, ' s'),
      button,
    ),
    h('p', { class: 'muted small' }, `The rest go to ${traffic.paths.map((entry) => (entry.ids ? `${entry.path} (id ${entry.ids.from}–${entry.ids.to})` : entry.path)).join(', ')}. At most ${MAX_TRAFFIC_RPS} req/s for ${MAX_TRAFFIC_SECONDS} s.`),
    status,
    counts,
  );
  return {
    element,
    handle(event) {
      // A stopped (or restarting) service answers nothing: stop sending rather than count a minute of refusals.
      if (event.type === 'starting' || event.type === 'exit' || event.type === 'stopped') stop();
    },
  };
}
