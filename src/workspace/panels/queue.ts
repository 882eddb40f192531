/**
 * @module
 * The queue panel (lab 09): polls the learner's job list every second while the service runs
 * (through the runtime, as the Requests panel sends a request) and shows depth, running, succeeded,
 * failed and retries as numbers and as small live charts; and a control that submits a batch of
 * jobs of the kinds the lab declares (ordinary, flaky, poison), each POST with its JSON payload.
 */
import type { WorkspaceQueue } from '../../engine/lab.ts';
import type { RuntimeEvent } from '../../runtime/events.ts';
import type { LabRuntime } from '../../runtime/lab-runtime.ts';
import { h } from '../dom.ts';
import { describeBatch, interleave, MAX_BATCH, sendBatch } from './job-batch.ts';
import { type ChartSpec, chartFigure, injectStyles } from './live-chart.ts';
import { describeQueueState, type QueueReading, readQueue, type QueueState } from './queue-tracker.ts';
import styles from './red.css?raw';

/** One poll a second; a poll still out is not doubled. */
const POLL_MS = 1000;
/** A job POST the service has not answered in this long counts as without an answer. */
const SUBMIT_TIMEOUT_MS = 5000;

export interface QueuePanel {
  element: HTMLElement;
  handle(event: RuntimeEvent): void;
}

const NUMBERS: Array<{ key: keyof Omit<QueueReading, 'total'>; term: string }> = [
  { key: 'queued', term: 'Depth (queued)' },
  { key: 'running', term: 'Running' },
  { key: 'succeeded', term: 'Succeeded' },
  { key: 'failed', term: 'Failed' },
  { key: 'retries', term: 'Retries' },
];

export function createQueuePanel(runtime: LabRuntime, queue: WorkspaceQueue): QueuePanel {
  injectStyles(styles, 'red-panel'); // the RED panel's layout: numbers in a row, charts side by side
  const state = h('p', { class: 'red-state muted', role: 'status' }, 'Polling starts when the service runs.');
  const values = Object.fromEntries(NUMBERS.map(({ key }) => [key, h('dd', {}, '–')])) as Record<(typeof NUMBERS)[number]['key'], HTMLElement>;
  const numbers = h(
    'dl',
    { class: 'red-numbers', 'aria-label': 'Current queue numbers' },
    ...NUMBERS.map(({ key, term }) => h('div', {}, h('dt', {}, term), values[key])),
  );

  // Depth and running, finished, retries: the order `show` pushes its values in.
  const chartSpecs: ChartSpec[] = [
    {
      title: 'Depth and running',
      unit: '',
      series: [
        { label: 'queued', colour: '--accent' },
        { label: 'running', colour: '--ok' },
      ],
    },
    {
      title: 'Finished',
      unit: '',
      series: [
        { label: 'succeeded', colour: '--ok' },
        { label: 'failed', colour: '--bad' },
      ],
    },
    { title: 'Retries (attempts beyond the first)', unit: '', series: [{ label: 'retries', colour: '--accent' }] },
  ];
  const { figure, charts } = chartFigure(chartSpecs);

  // ── the batch control ──
  const inputs = queue.batch.map((kind) =>
    h('input', {
      type: 'number',
      value: String(kind.count),
      min: '0',
      max: String(MAX_BATCH),
      step: '1',
      'aria-label': `${kind.kind[0]!.toUpperCase()}${kind.kind.slice(1)} jobs`,
      'aria-describedby': `queue-kind-${kind.kind}`,
    }),
  );
  const counts = () => inputs.map((input) => (Number.isFinite(input.valueAsNumber) ? input.valueAsNumber : 0));
  const sendButton = h('button', { type: 'button', class: 'button small', disabled: true });
  const batchStatus = h('p', { class: 'muted small', role: 'status' });
  const label = () => {
    const total = Math.min(
      counts().reduce((sum, count) => sum + Math.max(0, Math.floor(count)), 0),
      MAX_BATCH,
    );
    sendButton.textContent = `Send ${total} job${total === 1 ? '' : 's'}`;
  };
  for (const input of inputs) input.addEventListener('input', label);
  label();
  let sending = false;
  let running = false;
  const enable = () => (sendButton.disabled = sending || !running);
  sendButton.addEventListener('click', async () => {
    const batch = interleave(queue.batch, counts());
    if (batch.length === 0) return void (batchStatus.textContent = 'Nothing to send: every count is 0.');
    sending = true;
    enable();
    batchStatus.textContent = `Sending ${batch.length} jobs to POST ${queue.submitPath}…`;
    const result = await sendBatch(batch, (payload) => runtime.request('POST', queue.submitPath, { json: payload, timeoutMs: SUBMIT_TIMEOUT_MS }));
    batchStatus.textContent = `${describeBatch(result)}.`;
    sending = false;
    enable();
  });
  const batchGroup = h(
    'div',
    { class: 'ws-traffic', role: 'group', 'aria-label': 'Send jobs' },
    ...queue.batch.map((kind, index) => h('label', {}, inputs[index], ` ${kind.kind}`)),
    sendButton,
  );
  const kindsNote = h(
    'ul',
    { class: 'queue-kinds muted small' },
    ...queue.batch.map((kind) => h('li', { id: `queue-kind-${kind.kind}` }, h('strong', {}, kind.kind), `: ${kind.description}`)),
  );

  const element = h(
    'div',
    { class: 'red-panel queue-panel' },
    batchGroup,
    batchStatus,
    state,
    numbers,
    figure,
    h('p', { class: 'muted small' }, `Polled from GET ${queue.listPath} every second: the jobs your service lists, counted by status; retries are attempts beyond each job's first.`),
    kindsNote,
  );

  const say = (sentence: string, bad: boolean) => {
    state.className = `red-state ${bad ? 'bad' : 'muted'}`;
    if (state.textContent !== sentence) state.textContent = sentence; // unchanged text is not announced again
  };
  const show = (result: QueueState, atSeconds: number) => {
    say(describeQueueState(result, queue.listPath), result.kind !== 'reading');
    if (result.kind === 'reading') {
      const { reading } = result;
      for (const { key } of NUMBERS) values[key].textContent = String(reading[key]);
      charts()?.[0]!.push(atSeconds, [reading.queued, reading.running]);
      charts()?.[1]!.push(atSeconds, [reading.succeeded, reading.failed]);
      charts()?.[2]!.push(atSeconds, [reading.retries]);
    } else {
      // What the numbers are is not known: say so, and leave a gap in the charts, not a zero.
      for (const value of Object.values(values)) value.textContent = 'unknown';
      charts()?.forEach((chart, index) => chart.push(atSeconds, index === 2 ? [null] : [null, null]));
    }
  };

  let timer: ReturnType<typeof setInterval> | undefined;
  let polling = false;
  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      const outcome = await runtime.request('GET', queue.listPath, { timeoutMs: POLL_MS });
      if (timer !== undefined) show(readQueue(outcome), Date.now() / 1000);
    } catch (error) {
      if (timer !== undefined) show({ kind: 'poll-failed', message: (error as Error).message }, Date.now() / 1000);
    } finally {
      polling = false;
    }
  };
  const start = () => {
    running = true;
    enable();
    if (timer !== undefined) return;
    say('Polling…', false);
    timer = setInterval(() => void poll(), POLL_MS);
    void poll();
  };
  const stop = (why: string) => {
    running = false;
    enable();
    if (timer === undefined) return;
    clearInterval(timer);
    timer = undefined;
    say(why, false);
  };

  return {
    element,
    handle(event) {
      if (event.type === 'started') start();
      else if (event.type === 'starting' || event.type === 'exit' || event.type === 'stopped' || event.type === 'start-failed') stop('The service is not running: no polls.');
    },
  };
}
