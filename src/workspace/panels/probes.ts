/**
 * @module
 * The probe panel: while the service runs, the lab's probe requests (e.g. /livez and /readyz) are
 * polled every second with the lab's timeout, as a kubelet polls them, and each shows its latest
 * verdict and a strip of the last thirty, so the learner watches liveness stay green while readiness
 * goes red — and a hanging service turn red with "no answer in 1 s".
 */
import type { WorkspaceRequest } from '../../engine/lab.ts';
import type { LabRuntime } from '../../runtime/lab-runtime.ts';
import { h } from '../dom.ts';
import { inSeconds, startProbeLoop } from './probe-loop.ts';

const PERIOD_MS = 1000;
const HISTORY = 30;

export interface ProbesPanel {
  element: HTMLElement;
  setRunning(running: boolean): void;
}

export function createProbesPanel(runtime: LabRuntime, probes: WorkspaceRequest[]): ProbesPanel {
  const rows = probes.map((probe) => {
    const latest = h('span', { class: 'probe-latest' }, 'not polled yet');
    const strip = h('span', { class: 'probe-strip', 'aria-hidden': 'true' });
    const row = h('li', {}, h('code', {}, `${probe.method} ${probe.path}`), ' ', latest, strip);
    return { probe, latest, strip, row };
  });
  const timeouts = [...new Set(probes.map((probe) => inSeconds(probe.timeoutSeconds * 1000)))];
  let loops: Array<{ stop(): void }> = [];

  return {
    element: h(
      'div',
      { class: 'ws-probes' },
      h(
        'p',
        { class: 'muted small' },
        `Polled every ${PERIOD_MS / 1000} s while the service runs, as a kubelet polls its probes; no answer within ${timeouts.join(' or ')} counts as a failure (its timeoutSeconds).`,
      ),
      h('ul', { 'aria-label': 'Probe results', 'aria-live': 'off' }, ...rows.map((row) => row.row)),
    ),
    setRunning(running) {
      for (const loop of loops) loop.stop();
      loops = !running
        ? []
        : rows.map((row) =>
            startProbeLoop({
              send: (timeoutMs) => runtime.request(row.probe.method, row.probe.path, { timeoutMs }),
              periodMs: PERIOD_MS,
              timeoutMs: row.probe.timeoutSeconds * 1000,
              onResult: ({ ok, summary }) => {
                row.latest.textContent = summary;
                row.latest.className = `probe-latest ${ok ? 'ok' : 'bad'}`;
                row.strip.append(h('span', { class: `cell ${ok ? 'ok' : 'bad'}`, title: summary }));
                while (row.strip.childElementCount > HISTORY) row.strip.firstElementChild!.remove();
              },
            }),
          );
    },
  };
}
