/**
 * Lighthouse (mobile, its default: a mid-range phone on slow 4G, simulated) on the course map and a
 * lesson, as the Operable server serves the built site: the performance and accessibility scores
 * (targets: 99 and 100), the median of a few runs each since performance varies from run to run.
 * Run by bench/run.ts, or alone: `node bench/lighthouse.ts [runs] [base URL of a running server]`.
 * Needs Chromium.
 */
import { createServer } from 'node:net';
import lighthouse, { type Result } from 'lighthouse';
import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from '../tests/browser/chromium.ts';
import { median } from './first-answer.ts';
import { startServer } from './site.ts';

/** `OPERABLE_LIGHTHOUSE_PORT` moves the server, when another run (or a test) holds the default. */
const PORT = Number(process.env.OPERABLE_LIGHTHOUSE_PORT ?? 4397);
const PAGES = [
  { page: 'course map', path: '/' },
  { page: 'lesson 03', path: '/lessons/03-graceful-shutdown/' },
];
export const PERFORMANCE_TARGET = 99;
export const ACCESSIBILITY_TARGET = 100;


/** A free port for Chromium's DevTools endpoint, which Lighthouse drives. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

export interface LighthouseRow {
  page: string;
  path: string;
  runs: number;
  /** Median performance score, 0–100. */
  performance: number;
  /** The lowest accessibility score of the runs, 0–100 (it does not vary unless the page does). */
  accessibility: number;
  /** Median largest contentful paint and total blocking time, ms, as Lighthouse simulates them. */
  largestContentfulPaintMs: number;
  totalBlockingTimeMs: number;
  /** Audits below full marks in the median run, to say what to fix. */
  failing: string[];
}

/**
 * Lighthouse's scores for the course map and lesson 03, `runs` times each, against the Operable server
 * it starts (building the site when stale), or against the server already at `baseUrl`.
 */
export async function benchLighthouse(runs = 3, baseUrl?: string): Promise<LighthouseRow[]> {
  const server = baseUrl ? undefined : await startServer(PORT);
  const base = baseUrl ?? `http://localhost:${PORT}`;
  const debuggingPort = await freePort();
  const browser = await chromium.launch({ executablePath: findChromium(), args: [...chromiumArgs, `--remote-debugging-port=${debuggingPort}`] });
  try {
    const rows: LighthouseRow[] = [];
    for (const { page, path } of PAGES) {
      const results: Result[] = [];
      for (let i = 0; i < runs; i++) {
        const result = await lighthouse(`${base}${path}`, {
          port: debuggingPort,
          onlyCategories: ['performance', 'accessibility'],
          logLevel: 'error',
          output: 'json',
        });
        if (!result) throw new Error(`Lighthouse returned nothing for ${path}`);
        const { lhr } = result;
        if (lhr.runtimeError) throw new Error(`Lighthouse could not measure ${path}: ${lhr.runtimeError.message}`);
        results.push(lhr);
      }
      const score = (lhr: Result, category: string) => Math.round((lhr.categories[category]?.score ?? 0) * 100);
      const byPerformance = [...results].sort((a, b) => score(a, 'performance') - score(b, 'performance'));
      const middle = byPerformance[Math.floor(byPerformance.length / 2)]!;
      rows.push({
        page,
        path,
        runs,
        performance: score(middle, 'performance'),
        accessibility: Math.min(...results.map((lhr) => score(lhr, 'accessibility'))),
        largestContentfulPaintMs: Math.round(median(results.map((lhr) => lhr.audits['largest-contentful-paint']?.numericValue ?? 0))),
        totalBlockingTimeMs: Math.round(median(results.map((lhr) => lhr.audits['total-blocking-time']?.numericValue ?? 0))),
        failing: Object.values(middle.audits)
          .filter((audit) => audit.score !== null && audit.score < 1 && ['binary', 'numeric', 'metricSavings'].includes(audit.scoreDisplayMode))
          .map((audit) => `${audit.id}${audit.displayValue ? ` (${audit.displayValue})` : ''}`),
      });
    }
    return rows;
  } finally {
    await browser.close();
    server?.kill('SIGTERM');
  }
}

/** The rows as `npm run bench` prints them, against the targets. */
export function lighthouseTable(rows: LighthouseRow[]) {
  const against = (score: number, target: number) => `${score} (${score >= target ? 'within' : 'under'} ${target})`;
  return rows.map((row) => ({
    page: row.page,
    'performance (median)': against(row.performance, PERFORMANCE_TARGET),
    accessibility: against(row.accessibility, ACCESSIBILITY_TARGET),
    'LCP ms': row.largestContentfulPaintMs,
    'TBT ms': row.totalBlockingTimeMs,
    runs: row.runs,
  }));
}

if (import.meta.main) {
  const rows = await benchLighthouse(Number(process.argv[2] ?? 3), process.argv[3]);
  console.table(lighthouseTable(rows));
  for (const row of rows) if (row.failing.length) console.log(`${row.page}: below full marks: ${row.failing.join(', ')}`);
}
