/**
 * @module
 * The cache panel (lab 08): where the shared cache lives (a real Redis, or the service's in-memory
 * stand-in, and why), instance B beside A where a real Redis runs, reads and writes sent to either
 * instance, a read generator, and — from the `X-Cache` of every answer the workspace gets, and the
 * store's own read count — L1 hits, L2 hits, misses and store reads per second, as numbers and charts.
 */
import { workspaceTrafficSchema, type WorkspaceCache } from '../../engine/lab.ts';
import type { HttpOutcome } from '../../engine/harness.ts';
import type { InstanceName, RuntimeEvent, SharedCache } from '../../runtime/events.ts';
import type { LabRuntime } from '../../runtime/lab-runtime.ts';
import { codeSpans, h } from '../dom.ts';
import { type CacheSample, CacheTally, cacheRates, describeCounts, formatRate, hitRatio } from './cache-tracker.ts';
import { type ChartSpec, chartFigure, injectStyles } from './live-chart.ts';
import { startTrafficLoop, type TrafficCounts } from './traffic-loop.ts';
import styles from './red.css?raw';

const POLL_MS = 1000;
/** A panel request the service has not answered in this long counts as without an answer. */
const REQUEST_TIMEOUT_MS = 5000;
/** Answers kept in the panel's own list. */
const KEPT_ANSWERS = 5;

export interface CachePanel {
  element: HTMLElement;
  handle(event: RuntimeEvent): void;
  /** Counts an answer the workspace got elsewhere (the Requests panel's, from instance A). */
  count(instance: InstanceName, method: string, path: string, outcome: HttpOutcome): void;
  /** Where the service runs now: the in-browser runtime has no real Redis, whatever the last run said. */
  setInBrowser(inBrowser: boolean): void;
}

/** A runtime whose every answer the panel counts as it passes (the Requests panel sends through it). */
export function countingAnswers(runtime: LabRuntime, panel: Pick<CachePanel, 'count'>): LabRuntime {
  return new Proxy(runtime, {
    get(target, property) {
      if (property === 'request') {
        return async (method: string, path: string, settings?: Parameters<LabRuntime['request']>[2]) => {
          const outcome = await target.request(method, path, settings);
          panel.count(settings?.instance ?? 'A', method, path, outcome);
          return outcome;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const NUMBERS = [
  { key: 'HIT-L1', term: 'L1 hits/s' },
  { key: 'HIT-L2', term: 'L2 hits/s' },
  { key: 'MISS', term: 'Misses/s' },
  { key: 'reads', term: 'Store reads/s' },
  { key: 'readsTotal', term: 'Store reads since Run' },
  { key: 'ratio', term: 'Hit ratio' },
] as const;

export function createCachePanel(runtime: LabRuntime, cache: WorkspaceCache): CachePanel {
  injectStyles(styles, 'red-panel'); // the RED panel's layout: numbers in a row, charts side by side
  const tally = new CacheTally(cache.header, cache.readPath);
  const pathOf = (template: string, id: number | string) => template.replaceAll('{id}', String(id));

  // ── where the cache lives, and instance B ──
  const sharedNote = h('p', { class: 'muted small' }, 'Press Run: the panel says where your service’s shared cache lives.');
  const instancesText = h('p', { class: 'small', 'aria-live': 'polite' }, 'Instance A: not running · instance B: not running');
  const secondButton = h('button', { type: 'button', class: 'button small', disabled: true }, 'Start instance B');
  const secondStatus = h('p', { class: 'muted small', role: 'status' });

  // ── requests to either instance ──
  const idInput = h('input', { type: 'number', value: '42', min: String(cache.ids.from), step: '1', 'aria-label': 'Product id' });
  const targetSelect = h('select', { 'aria-label': 'Send to instance' }, h('option', { value: 'A' }, 'A'), h('option', { value: 'B', disabled: true }, 'B'));
  const readButton = h('button', { type: 'button', class: 'button secondary small' }, `GET ${cache.readPath}`);
  const writeButton = h('button', { type: 'button', class: 'button secondary small' }, `PUT ${cache.writePath}`);
  const answers = h('ol', { class: 'ws-results', 'aria-label': 'Cache panel answers' });

  // ── the read generator ──
  const rpsInput = h('input', { type: 'number', value: '10', min: '1', max: '50', step: '1', 'aria-label': 'Reads per second' });
  const secondsInput = h('input', { type: 'number', value: '30', min: '1', max: '120', step: '1', 'aria-label': 'For how many seconds' });
  const spreadSelect = h(
    'select',
    { 'aria-label': 'Reads go to' },
    h('option', { value: 'A' }, 'instance A'),
    h('option', { value: 'B', disabled: true }, 'instance B'),
    h('option', { value: 'AB', disabled: true }, 'A and B in turn'),
  );
  const loadButton = h('button', { type: 'button', class: 'button small', disabled: true }, 'Start reads');
  const loadStatus = h('p', { class: 'muted small', role: 'status' });

  // ── the numbers and charts ──
  const state = h('p', { class: 'red-state muted', role: 'status' }, 'Counting starts when the service runs.');
  const values = Object.fromEntries(NUMBERS.map(({ key }) => [key, h('dd', {}, '–')])) as Record<(typeof NUMBERS)[number]['key'], HTMLElement>;
  const numbers = h('dl', { class: 'red-numbers', 'aria-label': 'Current cache numbers' }, ...NUMBERS.map(({ key, term }) => h('div', {}, h('dt', {}, term), values[key])));
  const perInstance = h('p', { class: 'small' });
  const chartSpecs: ChartSpec[] = [
    {
      title: `Answers per second, by ${cache.header}`,
      unit: '',
      series: [
        { label: 'HIT-L1', colour: '--ok' },
        { label: 'HIT-L2', colour: '--accent' },
        { label: 'MISS', colour: '--bad' },
      ],
    },
    { title: 'Store reads per second', unit: '', series: [{ label: 'reads', colour: '--bad' }] },
  ];
  const { figure, charts } = chartFigure(chartSpecs);

  // ── state ──
  let running = false;
  let sharedCache: SharedCache | undefined;
  let inBrowser = false;
  let ports: Record<InstanceName, number | null> = { A: null, B: null };
  let previous: CacheSample | undefined;
  let lastReads: number | null = null;
  let load: { stop(): void } | undefined;
  let busy = false;

  const secondRuns = () => ports.B !== null;
  const render = () => {
    const canShare = running && !inBrowser && sharedCache?.kind === 'redis';
    secondButton.hidden = inBrowser || sharedCache?.kind === 'stand-in';
    secondButton.disabled = !canShare || busy;
    secondButton.textContent = secondRuns() ? 'Stop instance B' : 'Start instance B';
    const describe = (name: InstanceName) => (ports[name] === null ? `instance ${name}: not running` : `instance ${name}: port ${ports[name]}`);
    instancesText.textContent = `${describe('A').replace(/^i/, 'I')} · ${inBrowser ? 'no instance B in the in-browser runtime' : describe('B')}`;
    for (const select of [targetSelect, spreadSelect]) {
      for (const option of select.options) if (option.value !== 'A') option.disabled = !secondRuns();
      if (!secondRuns()) select.value = 'A';
    }
    loadButton.disabled = !running;
  };
  const showShared = () => {
    const message = inBrowser && sharedCache?.kind !== 'stand-in' ? 'The in-browser runtime cannot run a real Redis: your service runs as one instance, on its in-memory stand-in (ioredis-mock).' : sharedCache?.message;
    if (message) sharedNote.replaceChildren(...codeSpans(message));
  };

  secondButton.addEventListener('click', async () => {
    busy = true;
    render();
    try {
      if (secondRuns()) {
        secondStatus.textContent = 'Stopping instance B…';
        await runtime.stopSecondInstance?.();
        ports = { ...ports, B: null };
        secondStatus.textContent = 'Instance B stopped.';
      } else {
        secondStatus.textContent = 'Starting instance B on the same Redis and store…';
        const outcome = (await runtime.startSecondInstance?.()) ?? { ok: false, message: 'This runtime runs one instance.' };
        secondStatus.textContent = outcome.ok ? 'Instance B runs beside A, on the same Redis: send a write to A and read it from B.' : outcome.message;
      }
    } catch (error) {
      secondStatus.textContent = (error as Error).message;
    } finally {
      busy = false;
      render();
    }
  });

  const showAnswer = (instance: InstanceName, method: string, path: string, outcome: HttpOutcome) => {
    let text: string;
    if (outcome.kind === 'response') {
      const source = outcome.headers[cache.header.toLowerCase()];
      let version = '';
      try {
        const body = JSON.parse(outcome.body) as { version?: unknown };
        if (typeof body.version === 'number') version = ` · version ${body.version}`;
      } catch {
        // not JSON: no version to show
      }
      text = `HTTP ${outcome.status} in ${Math.round(outcome.durationMs)} ms · ${source ? `${cache.header}: ${source}` : `no ${cache.header}`}${version}`;
    } else text = outcome.message;
    const ok = outcome.kind === 'response' && outcome.status < 400;
    answers.prepend(h('li', {}, h('strong', {}, `${instance} `), h('code', {}, `${method} ${path}`), ' ', h('span', { class: ok ? 'ok' : 'bad' }, text)));
    while (answers.children.length > KEPT_ANSWERS) answers.lastElementChild!.remove();
  };
  const send = async (method: 'GET' | 'PUT', template: string) => {
    const instance = targetSelect.value as InstanceName;
    const id = Number.isFinite(idInput.valueAsNumber) ? Math.max(0, Math.floor(idInput.valueAsNumber)) : 42;
    const path = pathOf(template, id);
    try {
      const outcome = await runtime.request(method, path, { instance, timeoutMs: REQUEST_TIMEOUT_MS, ...(method === 'PUT' ? { json: {} } : {}) });
      tally.record(instance, method, path, outcome);
      showAnswer(instance, method, path, outcome);
    } catch (error) {
      showAnswer(instance, method, path, { kind: 'error', code: 'RUNTIME', message: (error as Error).message, durationMs: 0 });
    }
  };
  readButton.addEventListener('click', () => void send('GET', cache.readPath));
  writeButton.addEventListener('click', () => void send('PUT', cache.writePath));

  // The generator is the workspace's traffic loop, reading products of the lab's range, none to an error or slow path.
  const readTraffic = workspaceTrafficSchema.parse({ paths: [{ path: cache.readPath, ids: cache.ids }], errorPath: cache.readPath, slowPath: cache.readPath, errorRatio: 0, slowRatio: 0 });
  const describeLoad = (counts: TrafficCounts) =>
    `sent ${counts.sent} · answered ${counts.ok} · 5xx ${counts.errors} · no answer ${counts.failed}${counts.inFlight ? ` · in flight ${counts.inFlight}` : ''}${counts.skipped ? ` · skipped ${counts.skipped} (too many in flight)` : ''}`;
  const startLoad = () => {
    const spread = spreadSelect.value;
    let turn = 0;
    const rps = Math.min(Math.max(rpsInput.valueAsNumber || 1, 1), 50);
    const seconds = Math.min(Math.max(secondsInput.valueAsNumber || 1, 1), 120);
    loadButton.textContent = 'Stop reads';
    loadStatus.textContent = `Reading products ${cache.ids.from}–${cache.ids.to}, ${rps} a second for ${seconds} s.`;
    load = startTrafficLoop({
      traffic: readTraffic,
      settings: { rps, errorRatio: 0, slowRatio: 0, durationSeconds: seconds },
      send: async (path) => {
        const instance: InstanceName = spread === 'AB' ? (turn++ % 2 ? 'B' : 'A') : (spread as InstanceName);
        const outcome = await runtime.request('GET', path, { instance, timeoutMs: REQUEST_TIMEOUT_MS });
        tally.record(instance, 'GET', path, outcome);
        return outcome;
      },
      onUpdate: (counts) => (loadStatus.textContent = describeLoad(counts)),
      onStop: (reason, counts) => {
        load = undefined;
        loadButton.textContent = 'Start reads';
        loadStatus.textContent = `${reason === 'finished' ? 'Reads finished' : 'Reads stopped'}: ${describeLoad(counts)}.`;
      },
    });
  };
  loadButton.addEventListener('click', () => (load ? load.stop() : startLoad()));

  // ── each second: the store's reads and the instances from the runtime, rates from the tally ──
  const say = (sentence: string, bad: boolean) => {
    state.className = `red-state ${bad ? 'bad' : 'muted'}`;
    if (state.textContent !== sentence) state.textContent = sentence;
  };
  const tick = async () => {
    let storeReads: number | null = null;
    try {
      const snapshot = await runtime.cacheSnapshot?.();
      if (snapshot) {
        storeReads = snapshot.storeReads;
        ports = snapshot.ports;
        if (snapshot.sharedCache) sharedCache = snapshot.sharedCache;
        showShared();
        render();
      }
      say(storeReads === null ? 'The store’s read count is unknown: the runtime did not report it.' : `Counting the ${cache.header} of every answer this workspace gets.`, storeReads === null);
    } catch (error) {
      say(`The store’s read count could not be read: ${(error as Error).message}.`, true);
    }
    if (!running) return;
    const sample: CacheSample = { atMs: performance.now(), answers: tally.totals(), storeReads };
    const rates = cacheRates(previous, sample);
    previous = sample;
    lastReads = storeReads;
    values['HIT-L1'].textContent = formatRate(rates?.perSecond['HIT-L1']);
    values['HIT-L2'].textContent = formatRate(rates?.perSecond['HIT-L2']);
    values.MISS.textContent = formatRate(rates?.perSecond.MISS);
    values.reads.textContent = formatRate(rates?.storeReadsPerSecond);
    values.readsTotal.textContent = lastReads === null ? 'unknown' : String(lastReads);
    const ratio = hitRatio(sample.answers);
    values.ratio.textContent = ratio === null ? '–' : `${Math.round(ratio * 100)} %`;
    perInstance.textContent = `Instance A: ${describeCounts(tally.totals('A'), cache.header)}.${inBrowser ? '' : ` Instance B: ${describeCounts(tally.totals('B'), cache.header)}.`}`;
    if (rates) {
      const at = Date.now() / 1000;
      charts()?.[0]!.push(at, [rates.perSecond['HIT-L1'], rates.perSecond['HIT-L2'], rates.perSecond.MISS]);
      charts()?.[1]!.push(at, [rates.storeReadsPerSecond]);
    }
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  let ticking = false;
  const poll = async () => {
    if (ticking) return;
    ticking = true;
    await tick().finally(() => (ticking = false));
  };
  const start = () => {
    running = true;
    tally.reset();
    previous = undefined;
    render();
    if (timer === undefined) timer = setInterval(() => void poll(), POLL_MS);
    void poll();
  };
  const stop = (why: string) => {
    running = false;
    load?.stop();
    ports = { A: null, B: null };
    render();
    clearInterval(timer);
    timer = undefined;
    say(why, false);
  };

  const element = h(
    'div',
    { class: 'red-panel cache-panel' },
    sharedNote,
    h('div', { class: 'ws-traffic', role: 'group', 'aria-label': 'Instances' }, instancesText, secondButton),
    secondStatus,
    state,
    numbers,
    perInstance,
    h('div', { class: 'ws-traffic', role: 'group', 'aria-label': 'Send to one instance' }, h('label', {}, 'id ', idInput), h('label', {}, 'to ', targetSelect), readButton, writeButton),
    answers,
    h(
      'div',
      { class: 'ws-traffic', role: 'group', 'aria-label': 'Read generator' },
      h('label', {}, rpsInput, ' reads/s'),
      h('label', {}, 'for ', secondsInput, ' s'),
      h('label', {}, 'to ', spreadSelect),
      loadButton,
    ),
    loadStatus,
    figure,
    h(
      'p',
      { class: 'muted small' },
      `Hits and misses are counted from the ${cache.header} header of every answer this workspace gets (this panel, the read generator, the Requests panel), not of traffic it does not see; store reads are the GET requests the product store received since Run, counted by the store itself.`,
    ),
  );
  render();

  return {
    element,
    count(instance, method, path, outcome) {
      tally.record(instance, method, path, outcome);
    },
    setInBrowser(value) {
      inBrowser = value;
      showShared();
      render();
    },
    handle(event) {
      if (event.type === 'started') {
        ports = { ...ports, A: event.port };
        start();
      }
      else if (event.type === 'shared-cache') {
        sharedCache = event.cache;
        showShared();
        render();
      } else if (event.type === 'instance') {
        ports = { ...ports, B: event.state === 'started' ? event.port : null };
        if (event.state === 'stopped') secondStatus.textContent = `Instance B stopped: ${event.reason}.`;
        render();
      } else if (event.type === 'starting' || event.type === 'exit' || event.type === 'stopped' || event.type === 'start-failed') stop('The service is not running: nothing to count.');
    },
  };
}
