/**
 * The editor's floor: how long Monaco itself takes, on this machine, from a click to a typed line shown,
 * on a page that holds nothing else (no lesson, no workspace, no early TypeScript worker) — once with
 * the editor as the lab workspace loads it (src/workspace/monaco.ts: its contributions and TypeScript
 * mode) and once with Monaco's core alone. What bench/site.ts measures for a lab, minus these, is what
 * the workspace adds. Run by bench/run.ts, or alone: `node bench/editor-floor.ts [runs]`.
 */
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { chromiumArgs, findChromium } from '../tests/browser/chromium.ts';
import { monacoViteOptions } from '../src/build/monaco-vite.ts';
import { projectNodeModules, projectRoot } from '../src/engine/node/project-paths.ts';
import { median } from './first-answer.ts';
import { timeEditorOpening } from './site.ts';

const LAB = '03-graceful-shutdown';
const VARIANTS = {
  'Monaco as the lab editor loads it': `(await import(${JSON.stringify(join(projectRoot, 'src/workspace/monaco.ts'))})).monaco`,
  // By path: the page is built outside the project, where no node_modules resolves a package name.
  "Monaco's core alone": `await import(${JSON.stringify(join(projectNodeModules, 'monaco-editor/esm/vs/editor.js'))})`,
} as const;

/** A page with a button that loads the variant's Monaco and opens the lab's files in it. */
function page(loadMonaco: string): { html: string; script: string } {
  return {
    html: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Editor floor</title></head><body><button id="open">Open</button><div class="ws-editor" style="width:900px;height:600px"></div><script type="module" src="./open.ts"></script></body></html>',
    script: `document.getElementById('open')!.addEventListener('click', async () => {
  const monaco = ${loadMonaco};
  const lab = await (await fetch('./lab.json')).json();
  const models = lab.files.map((file: { path: string; content: string }) =>
    monaco.editor.createModel(file.content, file.path.endsWith('.ts') ? 'typescript' : 'plaintext', monaco.Uri.parse('file:///lab/' + file.path)));
  monaco.editor.create(document.querySelector('.ws-editor')!, { model: models[0], automaticLayout: true, minimap: { enabled: false } });
});
`,
  };
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.ttf': 'font/ttf', '.css': 'text/css' };

/** Serves `root` on a free loopback port until closed. */
async function serve(root: string) {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    const body = await readFile(file).catch(() => undefined);
    response.writeHead(body ? 200 : 404, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

export async function benchEditorFloor(runs: number) {
  const labFile = join(projectRoot, 'dist', 'client', 'labs', `${LAB}.json`);
  const lab = await readFile(labFile).catch(() => {
    throw new Error(`${labFile} is missing: build the site first (npm run build), or run npm run bench, which builds it.`);
  });
  const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
  const rows = [];
  try {
    for (const [name, loadMonaco] of Object.entries(VARIANTS)) {
      const dir = await mkdtemp(join(tmpdir(), 'operable-editor-floor-'));
      try {
        const { html, script } = page(loadMonaco);
        await writeFile(join(dir, 'index.html'), html);
        await writeFile(join(dir, 'open.ts'), script);
        await build({
          root: dir,
          logLevel: 'warn',
          configFile: false,
          ...monacoViteOptions(),
          build: { outDir: join(dir, 'out'), chunkSizeWarningLimit: 100_000 },
        });
        await writeFile(join(dir, 'out', 'lab.json'), lab);
        const server = await serve(join(dir, 'out'));
        try {
          const typed: number[] = [];
          for (let i = 0; i < runs; i++) {
            const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
            const tab = await context.newPage();
            await tab.goto(server.url, { waitUntil: 'networkidle' });
            typed.push((await timeEditorOpening(tab, () => tab.click('#open'), false)).typed);
            await context.close();
          }
          rows.push({ editor: name, 'click → typed line shown, median ms': Math.round(median(typed)), runs });
        } finally {
          server.close();
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }
  return rows;
}

if (import.meta.main) console.table(await benchEditorFloor(Number(process.argv[2] ?? 7)));
