/**
 * @module
 * The log panel: the service's stdout and stderr as they stream, JSON lines shown compactly, plus the
 * runtime's own notes (started, exited with code 0, …). Output from before the page opened (a run of an
 * earlier session, which the server replays) is folded away under its own heading, never shown as current.
 */
import type { RuntimeEvent } from '../../runtime/events.ts';
import { h } from '../dom.ts';

const MAX_LINES = 2000;

export interface LogsPanel {
  element: HTMLElement;
  handle(event: RuntimeEvent): void;
  note(text: string, tone?: 'info' | 'bad'): void;
  clear(): void;
}

function formatJsonLine(json: Record<string, unknown>): string {
  const { level, msg, time, ...fields } = json;
  const clock = typeof time === 'string' ? time.slice(11, 23) : '';
  const rest = Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : '';
  return `${clock} ${String(level ?? '').padEnd(5)} ${String(msg ?? '')}${rest}`;
}

export function createLogsPanel(): LogsPanel {
  const output = h('div', { class: 'ws-log', role: 'log', 'aria-label': 'Service output', tabindex: '0' });
  const clearButton = h('button', { type: 'button', class: 'button secondary small' }, 'Clear');
  const element = h('div', { class: 'ws-logs' }, h('div', { class: 'ws-panel-tools' }, clearButton), output);

  // While the server replays what happened before this page subscribed, lines go into this fold.
  let earlier: { fold: HTMLDetailsElement; summary: HTMLElement; lines: number } | undefined;
  const append = (text: string, className: string) => {
    const atBottom = output.scrollTop + output.clientHeight >= output.scrollHeight - 4;
    if (earlier) {
      earlier.fold.append(h('div', { class: className }, text));
      earlier.lines++;
    } else {
      output.append(h('div', { class: className }, text));
    }
    while (output.childElementCount > MAX_LINES) output.firstElementChild!.remove();
    if (atBottom) output.scrollTop = output.scrollHeight;
  };
  const replay = (phase: 'begin' | 'end') => {
    if (phase === 'begin') {
      const summary = h('summary', {}, 'Output from before this page opened');
      earlier = { fold: h('details', { class: 'line note earlier' }, summary), summary, lines: 0 };
      output.append(earlier.fold);
    } else if (earlier) {
      const { summary, lines } = earlier;
      summary.textContent = `Output from before this page opened (an earlier session): ${lines} line${lines === 1 ? '' : 's'}`;
      earlier = undefined;
    }
  };
  const note = (text: string, tone: 'info' | 'bad' = 'info') => append(`— ${text}`, `line note ${tone}`);
  const clear = () => {
    earlier = undefined;
    output.replaceChildren();
  };
  clearButton.addEventListener('click', clear);

  return {
    element,
    note,
    clear,
    handle(event) {
      switch (event.type) {
        case 'replay':
          replay(event.phase);
          break;
        case 'starting':
          note('starting node src/server.ts');
          break;
        case 'started':
          note(`answering on port ${event.port}`);
          break;
        case 'start-failed':
          note(event.message, 'bad');
          break;
        case 'line': {
          let text = event.text;
          try {
            const json = JSON.parse(text) as unknown;
            if (json && typeof json === 'object' && !Array.isArray(json)) text = formatJsonLine(json as Record<string, unknown>);
          } catch {
            // not JSON: shown as it is
          }
          append(text, `line ${event.stream}`);
          break;
        }
        case 'exit':
          note(
            event.signal ? `exited: killed by ${event.signal} after ${event.atMs} ms` : `exited with code ${event.code} after ${event.atMs} ms`,
            event.code === 0 ? 'info' : 'bad',
          );
          break;
        case 'stopped':
          note(`stopped (${event.reason})`);
          break;
      }
    },
  };
}
