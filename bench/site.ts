/**
 * Site benchmarks, run by bench/run.ts: the weight of a lesson page before the lab opens, and the
 * time from clicking "Open the lab" to an editor that takes keystrokes. Needs Chromium.
 */
import { spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from '../tests/browser/chromium.ts';
import { projectRoot } from '../src/engine/node/project-paths.ts';

const PORT = 4398;
const BASE = `http://localhost:${PORT}`;
const LESSON = '/lessons/03-graceful-shutdown/';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function startServer() {
  const child = spawn(process.execPath, ['src/server/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(PORT) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let waited = 0; waited < 240_000; waited += 250) {
    const ok = await fetch(`${BASE}/livez`).then((r) => r.ok).catch(() => false);
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

    // Open the lab → an editor that has taken a keystroke (fresh page each run; HTTP cache warm after run 1).
    const openTimes: number[] = [];
    const firstDiagnosticTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const lab = await context.newPage();
      await lab.goto(BASE + LESSON, { waitUntil: 'networkidle' });
      const started = performance.now();
      await lab.getByRole('button', { name: 'Open the lab' }).click();
      await lab.locator('.ws-editor .view-lines').first().click();
      await lab.keyboard.press('ControlOrMeta+End');
      await lab.keyboard.insertText('\nconst broken: number = "x";');
      await lab.locator('.view-lines', { hasText: 'const broken' }).first().waitFor();
      openTimes.push(performance.now() - started);
      await lab.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
      firstDiagnosticTimes.push(performance.now() - started);
      await context.close();
    }
    return {
      lessonPage,
      openLabToEditableMedianMs: Math.round(median(openTimes)),
      openLabToFirstDiagnosticMedianMs: Math.round(median(firstDiagnosticTimes)),
      runs,
    };
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}
