/**
 * @module
 * The trace waterfall: while the service runs, the last traces the lab's collector stand-in received
 * (polled every second through the runtime), newest first. Each span is a row — service, name, kind,
 * status, duration — with a bar on its trace's time axis, indented under its parent; a span whose
 * parent never arrived is a second root with a note saying so. The rows are a keyboard-navigable tree
 * whose text is the waterfall's text alternative; the selected span's attributes show below it.
 */
import { type AttributeValue, type ReceivedSpan, type TraceSnapshot, WORKSPACE_TRACES_KEPT } from '../../engine/traces.ts';
import type { RuntimeEvent } from '../../runtime/events.ts';
import type { LabRuntime } from '../../runtime/lab-runtime.ts';
import { h } from '../dom.ts';
import { type AssembledTrace, assembleTraces, describeNote, formatDuration, type SpanNode, spanRows } from './trace-tree.ts';
import styles from './traces.css?raw';

const POLL_MS = 1000;
/** Polls after the service exited: the spans it flushed on SIGTERM arrive last. */
const POLLS_AFTER_EXIT = 3;

export interface TracesPanel {
  element: HTMLElement;
  handle(event: RuntimeEvent): void;
  /** Whether the service runs in the in-browser runtime, whose async context tracking may drop a parent. */
  setInBrowser(inBrowser: boolean): void;
}

function injectStyles(): void {
  if (document.querySelector('style[data-traces-panel]')) return;
  const style = document.createElement('style');
  style.dataset.tracesPanel = '';
  style.textContent = styles;
  document.head.append(style);
}

const serviceOf = (span: ReceivedSpan) => String(span.resource['service.name'] ?? 'unknown service');
const kindText = (span: ReceivedSpan) => span.kind.toLowerCase();
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 23);
const shown = (value: AttributeValue): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** A key for a row that survives a re-render, so focus and selection stay where they were. */
const traceKey = (trace: AssembledTrace) => `trace:${trace.traceId}`;
const spanKey = (span: ReceivedSpan) => `span:${span.traceId}:${span.spanId}`;

/** `standIns`: how the lab names its fake dependencies (e.g. Inventory), whose spans show beside the service's. */
export function createTracesPanel(runtime: LabRuntime, standIns: string[], endpointEnv = 'OTEL_EXPORTER_OTLP_ENDPOINT'): TracesPanel {
  injectStyles();
  const state = h('p', { class: 'traces-state muted', role: 'status' }, 'Traces show here when the service runs.');
  const pause = h('button', { type: 'button', class: 'button secondary small', 'aria-pressed': 'false' }, 'Pause updates');
  const tree = h('ul', { class: 'traces-tree', role: 'tree', 'aria-label': 'Last traces, newest first', 'aria-describedby': 'traces-help', hidden: true });
  const detail = h('section', { class: 'trace-detail', 'aria-labelledby': 'trace-detail-title', hidden: true });
  // A WebContainer's AsyncLocalStorage can lose the active span across an await (webcontainer-core#1169).
  const inBrowserNote = h(
    'p',
    { class: 'muted small', hidden: true },
    'In the in-browser runtime, AsyncLocalStorage may lose the active span across an await, so a client span cut off from its server span here is not necessarily your mistake: the local runtime shows what grading sees.',
  );
  const element = h(
    'div',
    { class: 'traces-panel' },
    h(
      'p',
      { class: 'muted small', id: 'traces-help' },
      `The spans your service exports to ${endpointEnv} (a collector stand-in)`,
      standIns.length ? ` and those of the ${standIns.join(' and ')} stand-in${standIns.length > 1 ? 's' : ''} it calls` : '',
      `: the last ${WORKSPACE_TRACES_KEPT} traces, newest first. `,
      'Up and Down move between rows, Left and Right to a parent and a child, Enter shows a span’s attributes.',
    ),
    inBrowserNote,
    h('div', { class: 'traces-bar' }, state, pause),
    tree,
    detail,
  );

  let traces: AssembledTrace[] = [];
  let revision = -1;
  let selected: string | undefined;
  let focused: string | undefined;
  let paused = false;
  let latest: TraceSnapshot | undefined;
  const rowsByKey = new Map<string, { row: HTMLElement; show(): void }>();

  const say = (sentence: string, bad = false) => {
    state.className = `traces-state ${bad ? 'bad' : 'muted'}`;
    if (state.textContent !== sentence) state.textContent = sentence;
  };

  const showSpan = (trace: AssembledTrace, node: SpanNode) => {
    const { span } = node;
    const term = (name: string, value: string | Node) => h('div', {}, h('dt', {}, name), h('dd', {}, value));
    const table = (caption: string, entries: Array<[string, AttributeValue]>) =>
      entries.length
        ? h(
            'table',
            { class: 'trace-attributes' },
            h('caption', {}, caption),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Key'), h('th', { scope: 'col' }, 'Value'))),
            h('tbody', {}, ...entries.map(([key, value]) => h('tr', {}, h('th', { scope: 'row' }, h('code', {}, key)), h('td', {}, h('code', {}, shown(value)))))),
          )
        : h('p', { class: 'muted small' }, `${caption}: none.`);
    detail.replaceChildren(
      h('h3', { id: 'trace-detail-title' }, `Span: ${span.name || '(no name)'}`),
      h(
        'dl',
        { class: 'trace-facts' },
        term('Service', serviceOf(span)),
        term('Kind', span.kind),
        term('Status', span.status.code + (span.status.message ? `: ${span.status.message}` : '')),
        term('Duration', formatDuration(span.durationMs)),
        term('Starts', `+${formatDuration(span.startMs - trace.startMs)} into the trace`),
        term('Trace id', h('code', {}, span.traceId)),
        term('Span id', h('code', {}, span.spanId)),
        term('Parent span id', span.parentSpanId ? h('code', {}, span.parentSpanId) : 'none: a root span'),
      ),
      node.note ? h('p', { class: node.note === 'parent-pending' ? 'muted small' : 'trace-note' }, describeNote({ ...node, note: node.note })) : '',
      table('Attributes', Object.entries(span.attributes)),
      span.events.length
        ? h('ul', { class: 'trace-events', 'aria-label': 'Events' }, ...span.events.map((event) => h('li', {}, `${event.name} at +${formatDuration(event.timeMs - span.startMs)}`, event.attributes['exception.message'] ? `: ${shown(event.attributes['exception.message'])}` : '')))
        : '',
      table('Resource', Object.entries(span.resource)),
    );
    detail.hidden = false;
  };

  const showTrace = (trace: AssembledTrace) => {
    detail.replaceChildren(
      h('h3', { id: 'trace-detail-title' }, `Trace ${trace.traceId}`),
      h('p', { class: 'small' }, `${trace.spanCount} span${trace.spanCount === 1 ? '' : 's'}, ${trace.roots.length} root${trace.roots.length === 1 ? '' : 's'}, ${formatDuration(trace.endMs - trace.startMs)}, started at ${clock(trace.startMs)} UTC. Select a span for its attributes.`),
    );
    detail.hidden = false;
  };

  const select = (key: string) => {
    selected = key;
    for (const [rowKey, { row }] of rowsByKey) row.setAttribute('aria-selected', String(rowKey === key));
    rowsByKey.get(key)?.show();
  };

  const focusRow = (key: string, moveFocus: boolean) => {
    focused = key;
    for (const [rowKey, { row }] of rowsByKey) row.tabIndex = rowKey === key ? 0 : -1;
    if (moveFocus) rowsByKey.get(key)?.row.focus();
  };

  const traceRow = (trace: AssembledTrace, position: number) => {
    const duration = trace.endMs - trace.startMs;
    const lost = trace.roots.filter((root) => root.note && root.note !== 'parent-pending').length;
    const first = trace.roots[0]?.span;
    return h(
      'li',
      { role: 'treeitem', 'aria-level': '1', 'aria-setsize': String(traces.length), 'aria-posinset': String(position), class: 'trace-row trace-head' },
      h(
        'span',
        { class: 'trace-label' },
        h('strong', {}, first ? `${serviceOf(first)} ${first.name}` : 'trace'),
        ` · ${trace.spanCount} span${trace.spanCount === 1 ? '' : 's'}`,
        trace.roots.length > 1 ? h('span', { class: 'trace-warning' }, ` · ${trace.roots.length} roots`) : '',
        trace.errorCount ? h('span', { class: 'trace-error' }, ` · ✕ ${trace.errorCount} error${trace.errorCount === 1 ? '' : 's'}`) : '',
        lost && trace.roots.length === 1 ? h('span', { class: 'trace-warning' }, ' · context lost') : '',
        h('span', { class: 'muted' }, ` · trace ${trace.traceId.slice(0, 8)}… at ${clock(trace.startMs)}`),
      ),
      h('span', { class: 'trace-axis', 'aria-hidden': 'true' }, h('span', {}, '0'), h('span', {}, formatDuration(duration))),
    );
  };

  const spanRow = (trace: AssembledTrace, node: SpanNode, depth: number, position: number, siblings: number) => {
    const { span } = node;
    const total = Math.max(trace.endMs - trace.startMs, 0.001);
    const left = ((span.startMs - trace.startMs) / total) * 100;
    const width = Math.max((span.durationMs / total) * 100, 0.4);
    const error = span.status.code === 'ERROR';
    const row = h(
      'li',
      {
        role: 'treeitem',
        'aria-level': String(depth + 2),
        'aria-setsize': String(siblings),
        'aria-posinset': String(position),
        class: `trace-row span-row kind-${kindText(span)}${error ? ' error' : ''}${node.note ? ' root-noted' : ''}`,
      },
      h(
        'span',
        { class: 'span-label', style: `padding-left: ${depth * 1.1}rem` },
        error ? h('span', { class: 'trace-error' }, '✕ error ') : '',
        h('span', { class: 'span-service' }, serviceOf(span)),
        ' ',
        h('span', { class: 'span-name' }, span.name || '(no name)'),
        ' ',
        h('span', { class: 'span-kind' }, kindText(span)),
        ' ',
        h('span', { class: 'span-duration' }, formatDuration(span.durationMs)),
        node.note ? h('span', { class: node.note === 'parent-pending' ? 'span-note muted' : 'span-note' }, ` ${node.note === 'parent-pending' ? '' : '⚠ '}Root: ${describeNote({ ...node, note: node.note })}`) : '',
      ),
      h('span', { class: 'span-track', 'aria-hidden': 'true' }, h('span', { class: 'span-bar', style: `left: ${Math.min(left, 99.6)}%; width: ${Math.min(width, 100 - Math.min(left, 99.6))}%` })),
    );
    return row;
  };

  const render = () => {
    const hadFocus = tree.contains(document.activeElement);
    rowsByKey.clear();
    const items: HTMLElement[] = [];
    traces.forEach((trace, traceIndex) => {
      const head = traceRow(trace, traceIndex + 1);
      rowsByKey.set(traceKey(trace), { row: head, show: () => showTrace(trace) });
      items.push(head);
      const rows = spanRows(trace);
      const parentOf = new Map(rows.flatMap(({ node }) => node.children.map((child) => [child, node] as const)));
      rows.forEach(({ node, depth }) => {
        // Siblings: the spans under the same parent, or the trace's roots.
        const siblings = parentOf.get(node)?.children ?? trace.roots;
        const row = spanRow(trace, node, depth, siblings.indexOf(node) + 1, siblings.length);
        rowsByKey.set(spanKey(node.span), { row, show: () => showSpan(trace, node) });
        items.push(row);
      });
    });
    tree.replaceChildren(...items);
    tree.hidden = items.length === 0; // an empty tree is no tree (and has no row to focus)
    for (const [key, { row }] of rowsByKey) {
      row.tabIndex = -1;
      row.setAttribute('aria-selected', String(key === selected));
      row.addEventListener('click', () => {
        focusRow(key, true);
        select(key);
      });
    }
    const keys = [...rowsByKey.keys()];
    if (!keys.length) {
      detail.hidden = true;
      return;
    }
    focusRow(focused && rowsByKey.has(focused) ? focused : keys[0]!, hadFocus);
    if (selected && rowsByKey.has(selected)) rowsByKey.get(selected)!.show();
    else detail.hidden = true;
  };

  tree.addEventListener('keydown', (event) => {
    const keys = [...rowsByKey.keys()];
    const current = keys.indexOf(focused ?? '');
    if (current < 0) return;
    // As in a tree view: Left goes to the parent row, Right to the first child row.
    const level = (index: number) => Number(rowsByKey.get(keys[index]!)?.row.getAttribute('aria-level') ?? 0);
    const parent = () => keys.findLastIndex((_key, index) => index < current && level(index) < level(current));
    const child = () => (current + 1 < keys.length && level(current + 1) > level(current) ? current + 1 : current);
    const next = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: keys.length - 1, ArrowLeft: parent() >= 0 ? parent() : current, ArrowRight: child() }[event.key];
    if (next !== undefined) {
      event.preventDefault();
      focusRow(keys[Math.max(0, Math.min(keys.length - 1, next))]!, true);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      select(keys[current]!);
    }
  });

  const apply = (snapshot: TraceSnapshot | undefined) => {
    latest = snapshot;
    if (paused) return;
    if (!snapshot) return say('No collector runs: press Run.');
    // Unchanged, unless a missing parent's grace ran out: its note changes with the time alone.
    const pending = traces.some((trace) => trace.roots.some((root) => root.note === 'parent-pending'));
    if (snapshot.revision === revision && !pending) return;
    revision = snapshot.revision;
    traces = assembleTraces(snapshot.spans);
    const spans = snapshot.spans.length;
    say(spans ? `${traces.length} trace${traces.length === 1 ? '' : 's'}, ${spans} span${spans === 1 ? '' : 's'} received.` : 'No spans received yet: send a request (Requests panel).');
    render();
  };

  pause.addEventListener('click', () => {
    paused = !paused;
    pause.setAttribute('aria-pressed', String(paused));
    if (paused) say('Updates paused: the view holds still.');
    else {
      revision = -1;
      apply(latest);
    }
  });

  let timer: ReturnType<typeof setInterval> | undefined;
  let pollsLeft = Infinity;
  let polling = false;
  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      const snapshot = await runtime.traces();
      if (timer !== undefined) apply(snapshot);
    } catch (error) {
      if (timer !== undefined) say(`The traces could not be read: ${(error as Error).message}`, true);
    } finally {
      polling = false;
      if (--pollsLeft <= 0) stop();
    }
  };
  const start = () => {
    pollsLeft = Infinity;
    if (timer !== undefined) return;
    revision = -1;
    timer = setInterval(() => void poll(), POLL_MS);
    void poll();
  };
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };

  return {
    element,
    setInBrowser(inBrowser) {
      inBrowserNote.hidden = !inBrowser;
    },
    handle(event) {
      if (event.type === 'started') start();
      else if (event.type === 'starting') {
        // A new run has a new collector: the old traces go with the old service.
        stop();
        traces = [];
        selected = focused = undefined;
        render();
        say('Starting: traces show here once the service runs.');
      } else if (event.type === 'exit') pollsLeft = POLLS_AFTER_EXIT;
      else if (event.type === 'stopped' || event.type === 'start-failed') {
        stop();
        if (!paused) say(traces.length ? 'The service is not running: the last traces stay here until the next Run.' : 'The service is not running: no traces.');
      }
    },
  };
}
