/**
 * @module
 * The lab workspace, opened beside a lesson: the editor with the lab's files, Run/Stop and the lab's
 * signals, logs, requests, checks, reset, the solution as a diff, and the work saved in the browser.
 * Everything here is loaded on the learner's click, never with the lesson page.
 */
import type { ContainerTree } from '../runtime/container-api.ts';
import { browserEnvironment, ContainerBooter, DEFAULT_BOOT_TIMEOUT_MS, webContainerSupport } from '../runtime/container-boot.ts';
import { initialRuntime, type RuntimeKind, runtimeOptions } from '../runtime/choose-runtime.ts';
import type { RuntimeEvent } from '../runtime/events.ts';
import { type LabRuntime, RuntimeUnavailable } from '../runtime/lab-runtime.ts';
import { LocalRuntime, localRuntimeLocked, localRuntimeSecret } from '../runtime/local.ts';
import { SwitchableRuntime } from '../runtime/switchable.ts';
import { WebContainerRuntime } from '../runtime/webcontainer.ts';
import { bootWebContainer } from '../runtime/webcontainer-host.ts';
import { codeSpans, h, tabList } from './dom.ts';
import { downloadFolder } from './download.ts';
import { readOnlyMark, workspaceFrame } from './frame.ts';
import { createProgressiveEditor, type CreateFullEditor } from './progressive-editor.ts';
import { startTypeScriptWorker } from './typescript-worker.ts';
import type { LabData, TypeLibrary } from './lab-data.ts';
import { countingAnswers, createCachePanel } from './panels/cache.ts';
import { createChecksPanel } from './panels/checks.ts';
import { createFaultSwitches } from './panels/faults.ts';
import { createProbesPanel } from './panels/probes.ts';
import { createQueuePanel } from './panels/queue.ts';
import { createRedPanel } from './panels/red.ts';
import { createLogsPanel } from './panels/logs.ts';
import { createRequestsPanel } from './panels/requests.ts';
import { createTerminalPanel } from './panels/terminal.ts';
import { createTrafficPanel } from './panels/traffic.ts';
import { createTracesPanel } from './panels/traces.ts';
import { recordProgress } from './progress.ts';
import { forgetFiles, loadSavedFiles, saveFiles } from './saved-work.ts';
import { parseEnvText } from './env-text.ts';
import styles from './workspace.css?raw';

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

const RUNTIME_CHOICE_KEY = 'operable:runtime';
const UNAVAILABLE_STATUS = 'The in-browser runtime is not available: see the notice above.';
/** Lets a tester (or a learner on a slow line) change how long the in-browser runtime may take to boot. */
const BOOT_TIMEOUT_KEY = 'operable:webcontainer-boot-timeout-ms';

/** One WebContainer per page: `WebContainer.boot()` can only run once, and a second call waits on the first. */
const pageBooter = new ContainerBooter(bootWebContainer);

function injectStyles(): void {
  if (document.querySelector('style[data-workspace]')) return;
  const style = document.createElement('style');
  style.dataset.workspace = '';
  style.textContent = styles;
  document.head.append(style);
}

export async function openWorkspace(pane: HTMLElement, labId: string): Promise<void> {
  injectStyles();
  // Monaco and the lab's declarations load beside the workspace, which does not wait for them: a plain
  // editor takes the learner's typing until Monaco takes over (progressive-editor.ts).
  const fullEditor: Promise<CreateFullEditor> = Promise.all([fetchJson<TypeLibrary[]>(`/labs/${labId}/types.json`), import('./editor.ts')]).then(
    ([libraries, editorModule]) => {
      editorModule.configureTypeScript(libraries);
      return editorModule.createLabEditor;
    },
  );
  fullEditor.catch(() => undefined); // a failure is the editor's to report, once it exists
  const lab = await fetchJson<LabData>(`/labs/${labId}.json`);
  const { manifest } = lab;
  const editable = lab.files.filter((file) => file.editable && !file.scratch).map((file) => file.path);
  const scratch = lab.files.filter((file) => file.scratch).map((file) => file.path);
  const saved = loadSavedFiles(labId) ?? {};
  const starterOf = new Map(lab.files.map((file) => [file.path, file.content]));
  const files = lab.files.map((file) => (file.editable && saved[file.path] !== undefined ? { ...file, content: saved[file.path]! } : file));

  // ── runtimes ──
  const secret = localRuntimeSecret();
  const options = runtimeOptions({ localSecret: secret, localLocked: localRuntimeLocked(), webContainer: webContainerSupport(browserEnvironment()) });
  const available = options.filter((option) => option.available);
  const webContainerOffered = available.some((option) => option.kind === 'webcontainer');
  const terminal = webContainerOffered ? createTerminalPanel() : undefined;
  const instances = new Map<RuntimeKind, LabRuntime>();
  const runtimeOf = (kind: RuntimeKind): LabRuntime => {
    let instance = instances.get(kind);
    if (instance) return instance;
    if (kind === 'local') {
      instance = new LocalRuntime(labId, secret!);
    } else {
      const inBrowser = new WebContainerRuntime({
        labId,
        booter: pageBooter,
        loadTree: () => fetchJson<ContainerTree>(`/labs/${labId}/container.json`),
        loadTypeStripper: () => fetchJson<ContainerTree>('/labs/type-stripper.json'),
        bootTimeoutMs: Number(localStorage.getItem(BOOT_TIMEOUT_KEY)) || DEFAULT_BOOT_TIMEOUT_MS,
      });
      inBrowser.onTerminal((text) => terminal?.write(text));
      instance = inBrowser;
    }
    instances.set(kind, instance);
    return instance;
  };
  const initialKind = initialRuntime(options, localStorage.getItem(RUNTIME_CHOICE_KEY));
  let currentKind = initialKind;
  const runtime = initialKind ? new SwitchableRuntime(runtimeOf(initialKind)) : undefined;

  // ── layout ──
  const status = h('p', { class: 'ws-status', role: 'status' }, runtime ? 'Stopped.' : '');
  const runButton = h('button', { type: 'button', class: 'button', 'data-autofocus': true }, 'Run');
  const stopButton = h('button', { type: 'button', class: 'button secondary', disabled: true }, 'Stop');
  const signalButtons = manifest.workspace.signals.map((signal) =>
    h('button', { type: 'button', class: 'button secondary', disabled: true, 'data-signal': signal }, `Send ${signal}`),
  );
  // Whether signals reach the service, per runtime: the in-browser one finds out in its preflight.
  const signalsReach = new Map<RuntimeKind, boolean>();
  const signalNote = h('p', { class: 'muted small ws-signal-note', hidden: true });
  const showSignalSupport = () => {
    const reach = currentKind === undefined || (signalsReach.get(currentKind) ?? true);
    for (const button of signalButtons) button.hidden = !reach;
    signalNote.hidden = reach || signalButtons.length === 0;
    signalNote.textContent = reach
      ? ''
      : `Signals do not reach your service in the in-browser runtime, so ${signalButtons.map((button) => `“${button.textContent}”`).join(' and ')} is not offered here: use the local runtime to try it (grading sends signals too).`;
  };
  const checksButton = h('button', { type: 'button', class: 'button' }, 'Run checks');
  const resetButton = h('button', { type: 'button', class: 'button secondary' }, 'Reset to starter');
  const solutionButton = h('button', { type: 'button', class: 'button secondary', 'aria-expanded': 'false' }, 'Reveal solution');
  const downloadButton = h('button', { type: 'button', class: 'button secondary' }, 'Download');
  const cohortButton = h('button', { type: 'button', class: 'button secondary', 'aria-haspopup': 'dialog' }, 'Submit to cohort');

  const fileTabs = files.map((file, index) =>
    h(
      'button',
      { type: 'button', role: 'tab', id: `ws-file-${index}`, 'aria-controls': 'ws-editor', 'aria-selected': String(index === 0), tabindex: index === 0 ? '0' : '-1' },
      file.path,
      file.editable ? '' : readOnlyMark(),
      file.scratch ? h('span', { class: 'muted' }, ' (not graded)') : '',
      h('span', { class: 'errors', 'aria-live': 'off' }),
    ),
  );
  const fileList = h('div', { class: 'ws-files', role: 'tablist', 'aria-label': 'Lab files' }, ...fileTabs);
  const editorHost = h('div', { class: 'ws-editor', id: 'ws-editor', role: 'tabpanel', 'aria-labelledby': 'ws-file-0' });
  const diffHost = h('div', { class: 'ws-diff-editor' });
  const diffTitle = h('h3', { id: 'ws-diff-title' }, 'Solution');
  const diffClose = h('button', { type: 'button', class: 'button secondary small' }, 'Close');
  const diffRegion = h('section', { class: 'ws-diff', 'aria-labelledby': 'ws-diff-title', hidden: true }, h('div', { class: 'ws-diff-head' }, diffTitle, h('p', { class: 'muted small' }, 'Left: your file. Right: the reference.'), diffClose), diffHost);

  const logs = createLogsPanel();
  const checks = createChecksPanel();
  const polled = manifest.workspace.requests.filter((request) => request.poll);
  const probes = runtime && polled.length ? createProbesPanel(runtime, polled) : undefined;
  const faults = runtime && manifest.workspace.fakes.length ? createFaultSwitches(runtime, manifest.workspace.fakes, (message) => (status.textContent = message)) : undefined;
  // A lab that exposes Prometheus metrics gets a traffic generator above a RED panel that watches it.
  const trafficSpec = manifest.workspace.traffic;
  const traffic = runtime && trafficSpec ? createTrafficPanel(runtime, trafficSpec) : undefined;
  const red = runtime && trafficSpec ? createRedPanel(runtime, trafficSpec) : undefined;
  // A lab that exports traces gets a collector stand-in beside its service, and a waterfall of what it received.
  // A lab with a job queue gets a panel that polls its job list and can send it a batch of jobs.
  const queue = runtime && manifest.workspace.queue ? createQueuePanel(runtime, manifest.workspace.queue) : undefined;
  const traces = runtime && manifest.workspace.traces ? createTracesPanel(runtime, manifest.workspace.fakes.map((fake) => fake.label.toLowerCase())) : undefined;
  // A lab with a shared cache gets a panel that counts X-Cache per tier (the Requests panel's answers too) and runs instance B.
  const cache = runtime && manifest.workspace.cache ? createCachePanel(runtime, manifest.workspace.cache) : undefined;
  const panelEntries: Array<[string, HTMLElement]> = [
    ['Logs', logs.element],
    ['Requests', createRequestsPanel(runtime && cache ? countingAnswers(runtime, cache) : runtime, manifest.workspace.requests)],
    ...(probes ? [['Probes', probes.element] as [string, HTMLElement]] : []),
    ...(traffic && red ? [['Metrics', h('div', {}, traffic.element, red.element)] as [string, HTMLElement]] : []),
    ...(queue ? [['Queue', queue.element] as [string, HTMLElement]] : []),
    ...(cache ? [['Cache', cache.element] as [string, HTMLElement]] : []),
    ...(traces ? [['Traces', traces.element] as [string, HTMLElement]] : []),
    ['Checks', checks.element],
    ...(terminal ? [['Terminal', terminal.element] as [string, HTMLElement]] : []),
  ];
  const panelNames = panelEntries.map(([name]) => name);
  const panelBodies = panelEntries.map(([, body]) => body);
  const panelIndex = (name: string) => panelNames.indexOf(name);
  const panelTabs = panelNames.map((name, index) =>
    h('button', { type: 'button', role: 'tab', id: `ws-panel-tab-${index}`, 'aria-controls': `ws-panel-${index}`, 'aria-selected': String(index === 0), tabindex: index === 0 ? '0' : '-1' }, name),
  );
  const panels = panelBodies.map((body, index) =>
    h('section', { role: 'tabpanel', id: `ws-panel-${index}`, 'aria-labelledby': `ws-panel-tab-${index}`, hidden: index !== 0, class: 'ws-panel' }, body),
  );
  const panelList = h('div', { role: 'tablist', 'aria-label': 'Output panels', class: 'ws-panel-tabs' }, ...panelTabs);
  const showPanel = tabList(panelList, panelTabs, (index) => panels.forEach((panel, i) => (panel.hidden = i !== index)));

  const { envEditor, appEnvs } = manifest.workspace;
  const envKey = `operable:lab:${labId}:env`;
  const envInput = h('textarea', { class: 'ws-env-text', rows: '4', spellcheck: 'false', placeholder: 'APP_DB__POOL_SIZE=20\nLOG_LEVEL=debug' });
  envInput.value = localStorage.getItem(envKey) ?? '';
  envInput.addEventListener('input', () => localStorage.setItem(envKey, envInput.value));
  const appEnvSelect = h('select', {}, ...appEnvs.map((value) => h('option', { value }, value)));
  const envPanel =
    envEditor || appEnvs.length
      ? h(
          'details',
          { class: 'ws-env' },
          h('summary', {}, 'Environment for Run'),
          appEnvs.length ? h('label', {}, 'APP_ENV ', appEnvSelect) : null,
          envEditor ? h('label', { class: 'ws-env-label' }, 'Variables, one KEY=value a line (checks set their own):', envInput) : null,
        )
      : null;

  // Where the lab runs, and what to do when it cannot.
  const runtimeNotice = h('div', { class: 'ws-notice', role: 'note', tabindex: '-1', hidden: true });
  const badge = h('span', { class: 'badge runtime', title: 'Where the service runs' }, runtime ? runtime.label : 'No runtime');
  const runtimeSelect =
    available.length > 1
      ? h('select', {}, ...available.map((option) => h('option', { value: option.kind, selected: option.kind === initialKind }, option.name)))
      : null;
  const previewLink = h('a', { target: '_blank', rel: 'noopener' });
  const preview = h('p', { class: 'muted small ws-preview', hidden: true }, 'Your service’s preview URL: ', previewLink);
  const describeRuntime = () => {
    traces?.setInBrowser(currentKind === 'webcontainer');
    cache?.setInBrowser(currentKind === 'webcontainer');
    runtimeNotice.className = 'ws-notice';
    if (!runtime) {
      runtimeNotice.hidden = false;
      runtimeNotice.replaceChildren(
        h('p', {}, h('strong', {}, 'No lab runtime on this page. '), 'You can read the lesson and edit the lab here, but not run it.'),
        ...options.map((option) => h('p', {}, h('strong', {}, `${option.name}: `), ...codeSpans(option.reason ?? ''))),
      );
    } else if (currentKind === 'webcontainer') {
      const note = options.find((option) => option.kind === 'webcontainer')?.note;
      runtimeNotice.hidden = false;
      const lockedLocal = localRuntimeLocked() ? options.find((option) => option.kind === 'local')?.reason : undefined;
      runtimeNotice.replaceChildren(
        'Your service runs in this browser tab, in a StackBlitz WebContainer, which starts on your first Run or Run checks (it loads from stackblitz.com). Where signals cannot reach your service there, the checks that need them run only in the local runtime and in grading.',
        note ? ` ${note}` : '',
        ...(lockedLocal ? [' ', ...codeSpans(lockedLocal)] : []),
      );
    } else {
      runtimeNotice.hidden = true;
      runtimeNotice.replaceChildren();
    }
  };

  pane.replaceChildren(
    workspaceFrame({
      controls: [
        h(
          'header',
          { class: 'ws-header' },
          h('h2', { title: `Lab: ${manifest.title}` }, `Lab: ${manifest.title}`),
          badge,
          runtimeSelect ? h('label', { class: 'ws-runtime-choice' }, 'Run on ', runtimeSelect) : null,
        ),
        runtimeNotice,
        preview,
        signalNote,
        h(
          'div',
          { class: 'ws-toolbars' },
          h('div', { class: 'ws-toolbar', role: 'group', 'aria-label': 'Service controls' }, runButton, stopButton, ...signalButtons, checksButton),
          h('div', { class: 'ws-toolbar', role: 'group', 'aria-label': 'Your work' }, resetButton, solutionButton, downloadButton, cohortButton),
        ),
        faults?.element,
        envPanel,
        status,
      ],
      fileTabs: fileList,
      code: [editorHost, diffRegion],
      panelTabs: panelList,
      panels,
    }),
  );

  // ── editor ──
  const editor = createProgressiveEditor(editorHost, files, fullEditor);
  // The TypeScript worker (its ~4 MB compile) starts once the plain editor has painted, not at the click,
  // where it slowed the workspace's first paint (or when Monaco's chunk starts to run, if that is sooner).
  requestAnimationFrame(() => setTimeout(startTypeScriptWorker));
  void editor.upgraded.then((outcome) => {
    if (!outcome.ok) status.textContent = `The code editor could not load (${outcome.error.message}): you can edit here as plain text, without type checking. Reload the page to try again.`;
  });
  let activePath = files[0]!.path;
  tabList(fileList, fileTabs, (index) => {
    activePath = files[index]!.path;
    editor.show(activePath);
    editorHost.setAttribute('aria-labelledby', `ws-file-${index}`);
  });
  const currentFiles = () => Object.fromEntries(editable.map((path) => [path, editor.content(path)]));
  const scratchFiles = () => Object.fromEntries(scratch.map((path) => [path, editor.content(path)]));
  const saveAll = () => {
    saveFiles(labId, { ...currentFiles(), ...scratchFiles() });
    const active = runtime?.active;
    if (active instanceof WebContainerRuntime) void active.syncFiles(currentFiles()).catch(() => undefined);
  };
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  editor.onDidChangeContent(() => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveAll, 300);
  });
  addEventListener('pagehide', saveAll);
  editor.onDidChangeMarkers(() => {
    const counts = editor.errorCounts();
    files.forEach((file, index) => {
      const count = counts[file.path] ?? 0;
      fileTabs[index]!.querySelector('.errors')!.textContent = count ? ` · ${count} error${count > 1 ? 's' : ''}` : '';
    });
  });

  // ── service ──
  const setRunning = (value: boolean) => {
    stopButton.disabled = !value;
    for (const button of signalButtons) button.disabled = !value;
    probes?.setRunning(value);
    faults?.setRunning(value);
  };
  let servicePort: number | undefined;
  const showPreview = () => {
    const active = runtime?.active;
    const url = active instanceof WebContainerRuntime && servicePort !== undefined ? active.previewUrl(servicePort) : undefined;
    preview.hidden = !url;
    if (url) previewLink.href = previewLink.textContent = url;
  };
  /** The in-browser runtime cannot run: say why, and offer what can. */
  const showUnavailable = (event: Extract<RuntimeEvent, { type: 'runtime-unavailable' }>) => {
    const local = available.some((option) => option.kind === 'local');
    const useLocal = h('button', { type: 'button', class: 'button small' }, 'Use the local runtime');
    useLocal.addEventListener('click', () => void switchTo('local').then(() => runButton.focus()));
    const reload = h('button', { type: 'button', class: 'button secondary small', onclick: () => location.reload() }, 'Reload the page');
    runtimeNotice.hidden = false;
    runtimeNotice.className = 'ws-notice bad';
    runtimeNotice.replaceChildren(
      h('p', {}, h('strong', {}, 'The in-browser runtime is not available. '), ...codeSpans(event.message)),
      local
        ? h('p', { class: 'ws-notice-actions' }, useLocal, ' ', event.problem === 'failed' ? reload : '')
        : h('p', {}, 'To run the lab, use your machine: clone the course, run ', h('code', {}, 'npm install && npm start'), ' and open ', h('code', {}, 'http://localhost:4321'), '. ', event.problem === 'failed' ? reload : ''),
    );
    (local ? useLocal : runtimeNotice).focus();
  };
  const switchTo = async (kind: RuntimeKind) => {
    if (!runtime || kind === currentKind) return;
    currentKind = kind;
    localStorage.setItem(RUNTIME_CHOICE_KEY, kind);
    if (runtimeSelect) runtimeSelect.value = kind;
    await runtime.use(runtimeOf(kind));
    badge.textContent = runtime.label;
    setRunning(false);
    preview.hidden = true;
    runButton.textContent = 'Run';
    status.textContent = `Switched to ${runtime.label}.`;
    describeRuntime();
    showSignalSupport();
  };
  runtimeSelect?.addEventListener('change', () => void switchTo(runtimeSelect.value as RuntimeKind));
  describeRuntime();
  if (!runtime) {
    for (const button of [runButton, checksButton]) button.disabled = true;
  } else {
    runtime.subscribe((event) => {
      logs.handle(event);
      faults?.handle(event);
      traffic?.handle(event);
      red?.handle(event);
      queue?.handle(event);
      cache?.handle(event);
      traces?.handle(event);
      if (event.type === 'started') {
        setRunning(true);
        servicePort = event.port;
        status.textContent = `Running: ${runtime.label}, port ${event.port}.`;
        showPreview();
      } else if (event.type === 'runtime-progress') {
        status.textContent = event.message;
        if (!event.transient) terminal?.write(`${event.message}\r\n`);
      } else if (event.type === 'runtime-capabilities') {
        if (currentKind) signalsReach.set(currentKind, event.signals);
        showSignalSupport();
      } else if (event.type === 'runtime-unavailable') {
        status.textContent = UNAVAILABLE_STATUS;
        terminal?.write(`${event.message}\r\n`);
        showUnavailable(event);
      } else if (event.type === 'preview') {
        showPreview();
      } else if (event.type === 'exit' || event.type === 'stopped' || event.type === 'start-failed') {
        setRunning(false);
        status.textContent = event.type === 'exit' ? `The service exited (${event.signal ?? `code ${event.code}`}).` : 'Stopped.';
      }
    });
    runButton.addEventListener('click', async () => {
      runButton.disabled = true;
      status.textContent = 'Starting the service…';
      showPanel(panelIndex('Logs'));
      try {
        const parsed = parseEnvText(envEditor ? envInput.value : '');
        if (!parsed.ok) {
          status.textContent = parsed.message;
          return;
        }
        const env = appEnvs.length ? { ...parsed.env, APP_ENV: appEnvSelect.value } : parsed.env;
        const outcome = await runtime.start(currentFiles(), { env, scratchFiles: scratchFiles() });
        if (!outcome.ok) status.textContent = 'The service did not start: see the log.';
        runButton.textContent = 'Restart';
      } catch (error) {
        // An unavailable runtime already explained itself in the notice; anything else is said here.
        if (!(error instanceof RuntimeUnavailable)) status.textContent = (error as Error).message;
      } finally {
        runButton.disabled = false;
      }
    });
    stopButton.addEventListener('click', () => void runtime.stop().catch((error: Error) => (status.textContent = error.message)));
    for (const button of signalButtons) {
      button.addEventListener('click', () => {
        const signal = button.dataset.signal as 'SIGTERM' | 'SIGINT';
        logs.note(`sent ${signal}`);
        void runtime.signal(signal).catch((error: Error) => (status.textContent = error.message));
      });
    }
    checksButton.addEventListener('click', async () => {
      checksButton.disabled = true;
      showPanel(panelIndex('Checks'));
      checks.running(new Map(lab.checks.map((check) => [check.id, check.title])));
      try {
        const report = await runtime.runChecks(currentFiles(), (result) => checks.result(result));
        checks.report(report);
        recordProgress(labId, { score: report.score, maxScore: report.maxScore, passed: report.passed });
      } catch (error) {
        checks.error(error instanceof RuntimeUnavailable ? UNAVAILABLE_STATUS : (error as Error).message);
      } finally {
        checksButton.disabled = false;
      }
    });
  }

  // ── your work ──
  resetButton.addEventListener('click', () => {
    if (!confirm('Replace your editable files with the starter? Your changes will be lost (download them first to keep a copy).')) return;
    for (const path of [...editable, ...scratch]) editor.setContent(path, starterOf.get(path) ?? '');
    forgetFiles(labId);
    status.textContent = 'Reset to the starter.';
  });
  let diff: { dispose(): void } | undefined;
  const closeDiff = () => {
    diff?.dispose();
    diff = undefined;
    diffRegion.hidden = true;
    editorHost.hidden = false;
    solutionButton.setAttribute('aria-expanded', 'false');
    solutionButton.focus();
  };
  solutionButton.addEventListener('click', () => {
    if (diff) return closeDiff();
    const path = editable.includes(activePath) ? activePath : editable[0]!;
    diffTitle.textContent = `Solution: ${path}`;
    diffRegion.hidden = false;
    editorHost.hidden = true;
    solutionButton.setAttribute('aria-expanded', 'true');
    diff = editor.showDiff(diffHost, path, lab.solution[path] ?? '');
    diffClose.focus();
  });
  diffClose.addEventListener('click', closeDiff);
  downloadButton.addEventListener('click', () => downloadFolder(labId, currentFiles()));
  // The cohort dialog loads on its first use: most learners never submit to a cohort.
  let cohortDialog: Promise<{ open(): void }> | undefined;
  cohortButton.addEventListener('click', async () => {
    cohortDialog ??= import('./cohort/cohort-dialog.ts').then(({ createCohortDialog }) =>
      createCohortDialog({ labId, labTitle: manifest.title, files: currentFiles, opener: cohortButton }),
    );
    try {
      (await cohortDialog).open();
    } catch (error) {
      cohortDialog = undefined;
      status.textContent = `The cohort dialog could not load: ${(error as Error).message}`;
    }
  });

  runButton.focus();
}
