/**
 * @module
 * The request panel: the lab's suggested requests as one-click buttons, a free-form request, and
 * each result with status, timing and headers. Requests run concurrently, so a slow one can be in
 * flight while the learner sends a signal.
 */
import type { WorkspaceRequest } from '../../engine/lab.ts';
import type { LabRuntime } from '../../runtime/lab-runtime.ts';
import { describeOutcome } from '../../engine/describe.ts';
import { h } from '../dom.ts';

export function createRequestsPanel(runtime: LabRuntime | undefined, suggested: WorkspaceRequest[]): HTMLElement {
  const results = h('ol', { class: 'ws-results', 'aria-live': 'polite', 'aria-label': 'Request results' });

  const send = async (method: string, path: string) => {
    const status = h('span', { class: 'pending' }, 'in flight…');
    const item = h('li', {}, h('code', {}, `${method} ${path}`), ' ', status);
    results.prepend(item);
    if (!runtime) {
      status.textContent = 'no runtime to send it to';
      return;
    }
    try {
      const outcome = await runtime.request(method, path);
      status.textContent = describeOutcome(outcome);
      status.className = outcome.kind === 'response' && outcome.status < 400 ? 'ok' : 'bad';
      if (outcome.kind === 'response') {
        const headers = Object.entries(outcome.headers)
          .map(([name, value]) => `${name}: ${value}`)
          .join('\n');
        item.append(h('details', {}, h('summary', {}, 'Headers and body'), h('pre', {}, `${headers}\n\n${outcome.body.slice(0, 4000)}`)));
      }
    } catch (error) {
      status.textContent = (error as Error).message;
      status.className = 'bad';
    }
  };

  const buttons = suggested.map((request) =>
    h('button', { type: 'button', class: 'button secondary small', title: request.description, onclick: () => void send(request.method, request.path) }, request.label),
  );
  const pathInput = h('input', { type: 'text', value: '/', 'aria-label': 'Path to request', spellcheck: 'false', class: 'ws-path' });
  const form = h(
    'form',
    { class: 'ws-request-form', onsubmit: (event) => (event.preventDefault(), void send('GET', pathInput.value || '/')) },
    h('label', {}, 'GET ', pathInput),
    h('button', { type: 'submit', class: 'button small' }, 'Send'),
  );
  return h('div', { class: 'ws-requests' }, h('div', { class: 'ws-panel-tools' }, ...buttons), form, results);
}
