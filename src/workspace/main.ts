/**
 * @module
 * The lab workspace, opened beside a lesson: the editor with the lab's files, Run/Stop and the lab's
 * signals, logs, requests, checks, reset, the solution as a diff, and the work saved in the browser.
 * Everything here is loaded on the learner's click, never with the lesson page.
 */
import type { LabRuntime } from '../runtime/lab-runtime.ts';
import { LocalRuntime, localRuntimeSecret } from '../runtime/local.ts';
import { h, tabList } from './dom.ts';
import { downloadFolder } from './download.ts';
import type { LabData, TypeLibrary } from './lab-data.ts';
import { createChecksPanel } from './panels/checks.ts';
import { createFaultSwitches } from './panels/faults.ts';
import { createProbesPanel } from './panels/probes.ts';
import { createLogsPanel } from './panels/logs.ts';
import { createRequestsPanel } from './panels/requests.ts';
import { recordProgress } from './progress.ts';
import { forgetFiles, loadSavedFiles, saveFiles } from './saved-work.ts';
import { parseEnvText } from './env-text.ts';
import styles from './workspace.css?raw';

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

function injectStyles(): void {
  if (document.querySelector('style[data-workspace]')) return;
  const style = document.createElement('style');
  style.dataset.workspace = '';
  style.textContent = styles;
  document.head.append(style);
}

export async function openWorkspace(pane: HTMLElement, labId: string): Promise<void> {
  injectStyles();
  const [lab, libraries, editorModule] = await Promise.all([
    fetchJson<LabData>(`/labs/${labId}.json`),
    fetchJson<TypeLibrary[]>('/labs/types.json'),
    import('./editor.ts'),
  ]);
  const { manifest } = lab;
  const editable = lab.files.filter((file) => file.editable && !file.scratch).map((file) => file.path);
  const scratch = lab.files.filter((file) => file.scratch).map((file) => file.path);
  const saved = loadSavedFiles(labId) ?? {};
  const starterOf = new Map(lab.files.map((file) => [file.path, file.content]));
  const files = lab.files.map((file) => (file.editable && saved[file.path] !== undefined ? { ...file, content: saved[file.path]! } : file));

  const secret = localRuntimeSecret();
  const runtime: LabRuntime | undefined = secret ? new LocalRuntime(labId, secret) : undefined;

  // ── layout ──
  const status = h('p', { class: 'ws-status', role: 'status' }, runtime ? 'Stopped.' : '');
  const runButton = h('button', { type: 'button', class: 'button', 'data-autofocus': true }, 'Run');
  const stopButton = h('button', { type: 'button', class: 'button secondary', disabled: true }, 'Stop');
  const signalButtons = manifest.workspace.signals.map((signal) =>
    h('button', { type: 'button', class: 'button secondary', disabled: true, 'data-signal': signal }, `Send ${signal}`),
  );
  const checksButton = h('button', { type: 'button', class: 'button' }, 'Run checks');
  const resetButton = h('button', { type: 'button', class: 'button secondary' }, 'Reset to starter');
  const solutionButton = h('button', { type: 'button', class: 'button secondary', 'aria-expanded': 'false' }, 'Reveal solution');
  const downloadButton = h('button', { type: 'button', class: 'button secondary' }, 'Download');

  const fileTabs = files.map((file, index) =>
    h(
      'button',
      { type: 'button', role: 'tab', id: `ws-file-${index}`, 'aria-controls': 'ws-editor', 'aria-selected': String(index === 0), tabindex: index === 0 ? '0' : '-1' },
      file.path,
      file.editable ? '' : h('span', { class: 'muted' }, ' (read-only)'),
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
  const panelEntries: Array<[string, HTMLElement]> = [
    ['Logs', logs.element],
    ['Requests', createRequestsPanel(runtime, manifest.workspace.requests)],
    ...(probes ? [['Probes', probes.element] as [string, HTMLElement]] : []),
    ['Checks', checks.element],
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

  const noRuntime = runtime
    ? null
    : h(
        'div',
        { class: 'ws-notice', role: 'note' },
        h('strong', {}, 'No lab runtime on this page. '),
        'You can read the lesson and edit the lab here, but running it needs the Operable server: clone the course, run ',
        h('code', {}, 'npm install && npm start'),
        ' and open ',
        h('code', {}, 'http://localhost:4321'),
        '.',
      );

  pane.replaceChildren(
    h(
      'div',
      { class: 'workspace' },
      h(
        'header',
        { class: 'ws-header' },
        h('h2', {}, `Lab: ${manifest.title}`),
        h('span', { class: 'badge runtime', title: 'Where the service runs' }, runtime ? runtime.label : 'No runtime'),
      ),
      noRuntime,
      h(
        'div',
        { class: 'ws-toolbars' },
        h('div', { class: 'ws-toolbar', role: 'group', 'aria-label': 'Service controls' }, runButton, stopButton, ...signalButtons, checksButton),
        h('div', { class: 'ws-toolbar', role: 'group', 'aria-label': 'Your work' }, resetButton, solutionButton, downloadButton),
      ),
      faults?.element,
      envPanel,
      status,
      fileList,
      h('p', { class: 'muted small ws-keys' }, 'Tab indents in the editor; Ctrl+M (⌘+M on a Mac) makes Tab move focus instead.'),
      editorHost,
      diffRegion,
      panelList,
      ...panels,
    ),
  );

  // ── editor ──
  editorModule.configureTypeScript(libraries);
  const editor = editorModule.createLabEditor(editorHost, files);
  let activePath = files[0]!.path;
  tabList(fileList, fileTabs, (index) => {
    activePath = files[index]!.path;
    editor.show(activePath);
    editorHost.setAttribute('aria-labelledby', `ws-file-${index}`);
  });
  const currentFiles = () => Object.fromEntries(editable.map((path) => [path, editor.content(path)]));
  const scratchFiles = () => Object.fromEntries(scratch.map((path) => [path, editor.content(path)]));
  const saveAll = () => saveFiles(labId, { ...currentFiles(), ...scratchFiles() });
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
  if (!runtime) {
    for (const button of [runButton, checksButton]) button.disabled = true;
  } else {
    runtime.subscribe((event) => {
      logs.handle(event);
      faults?.handle(event);
      if (event.type === 'started') {
        setRunning(true);
        status.textContent = `Running on the local runtime (port ${event.port}).`;
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
      } catch (error) {
        status.textContent = (error as Error).message;
      } finally {
        runButton.disabled = false;
        runButton.textContent = 'Restart';
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
        checks.error((error as Error).message);
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

  runButton.focus();
}
