/**
 * Site benchmarks, run by bench/run.ts (or alone: `node bench/site.ts [runs]`): the weight of a lesson
 * page before the lab opens; for labs 03 and 04 the time from clicking "Open the lab" to an editor that
 * has taken a keystroke and shows it (the plain editor while Monaco loads, or Monaco), to Monaco showing
 * it, and to the first TypeScript diagnostic (targets: 0.6 s editable, 1.5 s to the diagnostic); and the
 * declarations each lab hands the editor's TypeScript worker. Needs Chromium.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { chromiumArgs, findChromium } from '../tests/browser/chromium.ts';
import { projectRoot } from '../src/engine/node/project-paths.ts';
import { median } from './first-answer.ts';

/** `OPERABLE_BENCH_PORT` moves it, when another run (or a test) holds the default. */
const PORT = Number(process.env.OPERABLE_BENCH_PORT ?? 4398);
const BASE = `http://localhost:${PORT}`;
const LESSON = '/lessons/03-graceful-shutdown/';
/** The labs whose editor is timed: the one with the most files, and the one with probes. */
const TIMED_LABS = ['03-graceful-shutdown', '04-health'];
export const EDITABLE_TARGET_MS = 600;
export const FIRST_DIAGNOSTIC_TARGET_MS = 1500;

/** The editor's input element (an EditContext where the browser has one, a textarea elsewhere). */
const EDITOR_INPUT = '.ws-editor .native-edit-context, .ws-editor textarea';
const TYPED = 'const broken: number = "x";';

/**
 * Opens an editor with `open` (a click) on a loaded page, types a line into it as soon as it exists, and
 * returns when the line was shown and, with `untilFirstError`, when the first error squiggle was: ms
 * after the click, read from marks set in the page (markEditorMilestones).
 */
export async function timeEditorOpening(page: Page, open: () => Promise<void>, untilFirstError: boolean): Promise<{ typed: number; inMonaco?: number; firstError?: number }> {
  await page.evaluate(markEditorMilestones);
  await open();
  await page.waitForFunction((input) => document.querySelector(input) !== null, EDITOR_INPUT, { polling: 'raf', timeout: 60_000 });
  // Focus as a click into the code does, without depending on where the layout puts the lines.
  await page.evaluate((input) => document.querySelector<HTMLElement>(input)!.focus(), EDITOR_INPUT);
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.insertText(`\n${TYPED}`);
  const last = untilFirstError ? 'bench:first-error-shown' : 'bench:typed-shown';
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, last, { polling: 'raf', timeout: 60_000 });
  const [typed, inMonaco, firstError] = await page.evaluate((marks) => {
    const at = (name: string) => performance.getEntriesByName(name)[0]?.startTime;
    const click = at('bench:click')!;
    return marks.map((name) => (at(name) === undefined ? undefined : at(name)! - click));
  }, ['bench:typed-shown', 'bench:monaco-shows-typed', 'bench:first-error-shown']);
  return { typed: typed!, inMonaco, firstError: untilFirstError ? firstError : undefined };
}

/**
 * Runs in the page before the click: marks the click, the typed line shown in the editor and the first
 * error squiggle, the moment each happens.
 */
function markEditorMilestones(): void {
  document.addEventListener('click', () => performance.mark('bench:click'), { capture: true, once: true });
  // Monaco renders spaces as no-break spaces.
  const inMonaco = () => (document.querySelector('.ws-editor .view-lines')?.textContent ?? '').replace(/\s+/g, ' ').includes('const broken: number');
  // The plain editor that takes the typing while Monaco loads (src/workspace/plain-editor.ts).
  const inPlainEditor = () => document.querySelector<HTMLTextAreaElement>('.ws-editor textarea.ws-plain-editor')?.value.includes('const broken: number') ?? false;
  const pending = new Map<string, () => boolean>([
    ['bench:typed-shown', () => inPlainEditor() || inMonaco()],
    ['bench:monaco-shows-typed', inMonaco],
    ['bench:first-error-shown', () => document.querySelector('.ws-editor .squiggly-error') !== null],
  ]);
  const check = () => {
    for (const [name, happened] of pending) {
      if (!happened()) continue;
      performance.mark(name);
      pending.delete(name);
    }
    if (pending.size > 0) return;
    observer.disconnect();
    document.removeEventListener('input', check, true);
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  // A text area's value is not in the DOM: its typing shows as input events.
  document.addEventListener('input', check, true);
}


/** The Operable server as `npm start` runs it (building the site first when stale), on `port`. */
export async function startServer(port = PORT) {
  const child = spawn(process.execPath, ['src/server/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let waited = 0; waited < 240_000; waited += 250) {
    const ok = await fetch(`http://localhost:${port}/livez`).then((r) => r.ok).catch(() => false);
    if (ok) return child;
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not answer within 240 s');
}

export async function benchSite(runs: number) {
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
  try {
    // Page weight: every JS and CSS byte the lesson page loads, inline or fetched, before the lab opens.
    const page = await browser.newPage();
    const fetched: Array<{ type: string; bytes: number; gzip: number }> = [];
    page.on('response', async (response) => {
      const type = response.request().resourceType();
      if (type !== 'script' && type !== 'stylesheet') return;
      const body = await response.body().catch(() => Buffer.alloc(0));
      fetched.push({ type, bytes: body.length, gzip: gzipSync(body).length });
    });
    await page.goto(BASE + LESSON, { waitUntil: 'networkidle' });
    const inline = await page.evaluate(() => ({
      css: [...document.querySelectorAll('style')].map((s) => s.textContent ?? '').join(''),
      js: [...document.querySelectorAll('script:not([src])')].map((s) => s.textContent ?? '').join(''),
    }));
    const sum = (type: string, key: 'bytes' | 'gzip') => fetched.filter((f) => f.type === type).reduce((total, f) => total + f[key], 0);
    const lessonPage = {
      jsBytes: sum('script', 'bytes') + inline.js.length,
      jsGzipBytes: sum('script', 'gzip') + gzipSync(inline.js).length,
      cssBytes: sum('stylesheet', 'bytes') + inline.css.length,
      cssGzipBytes: sum('stylesheet', 'gzip') + gzipSync(inline.css).length,
    };
    await page.close();

    // Open the lab → an editor that has taken a keystroke and shows it → its first type error shown.
    // A fresh browser context each run, so nothing is cached: what a learner's first opening costs.
    // Times are taken in the page (performance marks set by a MutationObserver), and the driver waits
    // by animation frame: Playwright's own waits poll at 20, 50, 100, 100, 500 ms, which added up to
    // half a second to what was measured.
    const editor = [];
    for (const labId of TIMED_LABS) {
      const openTimes: number[] = [];
      const monacoTimes: number[] = [];
      const firstDiagnosticTimes: number[] = [];
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        const lab = await context.newPage();
        await lab.goto(`${BASE}/lessons/${labId}/`, { waitUntil: 'networkidle' });
        const { typed, inMonaco, firstError } = await timeEditorOpening(lab, () => lab.getByRole('button', { name: 'Open the lab' }).click(), true);
        openTimes.push(typed);
        monacoTimes.push(inMonaco!);
        firstDiagnosticTimes.push(firstError!);
        await context.close();
      }
      const types = await readFile(join(projectRoot, 'dist', 'client', 'labs', labId, 'types.json'));
      editor.push({
        lab: labId,
        runs,
        openLabToEditableMedianMs: Math.round(median(openTimes)),
        openLabToMonacoMedianMs: Math.round(median(monacoTimes)),
        openLabToFirstDiagnosticMedianMs: Math.round(median(firstDiagnosticTimes)),
        declarationsKB: Math.round(types.length / 1024),
        declarationsGzipKB: Math.round(gzipSync(types).length / 1024),
      });
    }
    return { lessonPage, editor };
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}

/** The editor rows as `npm run bench` prints them, against the targets. */
export function editorTable(editor: Awaited<ReturnType<typeof benchSite>>['editor']) {
  const against = (ms: number, target: number) => `${ms} (${ms <= target ? 'within' : 'over'} ${target})`;
  return editor.map((row) => ({
    lab: row.lab,
    'open → editable, median ms': against(row.openLabToEditableMedianMs, EDITABLE_TARGET_MS),
    'open → Monaco shows the typing, median ms': row.openLabToMonacoMedianMs,
    'open → first type error, median ms': against(row.openLabToFirstDiagnosticMedianMs, FIRST_DIAGNOSTIC_TARGET_MS),
    'declarations KB (gzip)': `${row.declarationsKB} (${row.declarationsGzipKB})`,
    runs: row.runs,
  }));
}

if (import.meta.main) {
  const site = await benchSite(Number(process.argv[2] ?? 5));
  console.table(site.lessonPage);
  console.table(editorTable(site.editor));
}
