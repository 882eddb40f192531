/**
 * @module
 * The probe panel: while the service runs, the lab's probe requests (e.g. /livez and /readyz) are
 * polled every second, as a kubelet would, and each shows its latest answer and a strip of the last
 * thirty, so the learner watches liveness stay green while readiness goes red.
 */
import type { WorkspaceRequest } from '../../engine/lab.ts';
import type { LabRuntime } from '../../runtime/lab-runtime.ts';
import { describeOutcome } from '../../engine/describe.ts';
import { h } from '../dom.ts';

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
    return { probe, latest, strip, row, busy: false };
  });
  let timer: ReturnType<typeof setInterval> | undefined;

  const poll = () => {
    for (const row of rows) {
      if (row.busy) continue; // a probe still waiting is itself the news: do not pile up more
      row.busy = true;
      void runtime
        .request(row.probe.method, row.probe.path)
        .then((outcome) => {
          const ok = outcome.kind === 'response' && outcome.status < 400;
          row.latest.textContent = describeOutcome(outcome);
          row.latest.className = `probe-latest ${ok ? 'ok' : 'bad'}`;
          row.strip.append(h('span', { class: `cell ${ok ? 'ok' : 'bad'}`, title: describeOutcome(outcome) }));
          while (row.strip.childElementCount > HISTORY) row.strip.firstElementChild!.remove();
        })
        .catch((error: Error) => {
          row.latest.textContent = error.message;
          row.latest.className = 'probe-latest bad';
        })
        .finally(() => (row.busy = false));
    }
  };

  return {
    element: h(
      'div',
      { class: 'ws-probes' },
      h('p', { class: 'muted small' }, `Polled every ${PERIOD_MS / 1000} s while the service runs, as a kubelet polls its probes.`),
      h('ul', { 'aria-label': 'Probe results', 'aria-live': 'off' }, ...rows.map((row) => row.row)),
    ),
    setRunning(running) {
      clearInterval(timer);
      timer = running ? setInterval(poll, PERIOD_MS) : undefined;
      if (running) poll();
    },
  };
}
