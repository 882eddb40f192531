/**
 * Lab 05's live observability: the RED panel scrapes the learner's /metrics every second. The starter
 * serves no request metrics, and the panel says which one is missing instead of charting zeros; with
 * the reference, the traffic generator's requests show as a rate above zero, an error ratio from
 * /boom, and latency percentiles from the histogram, and per route a handful of templates. With the
 * raw-path mistake, the per-route view lists raw paths and warns that the route series keep growing.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, openLab, pasteIntoFile, referenceFile, test } from './workspace-helpers.ts';

const LAB = '05-metrics';
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** The per-route table of the Metrics panel, and its row headers (the route label values). */
const routeView = (page: Page) => {
  const metrics = page.getByRole('tabpanel', { name: 'Metrics', exact: true });
  const table = metrics.getByRole('table', { name: 'By route label, busiest first' });
  return { metrics, table, routes: table.getByRole('rowheader'), count: metrics.locator('.red-route-count') };
};

test('traffic from the workspace shows in the RED panel: rate, errors and p95 from the scrape', async ({ page }) => {
  await openLab(page, `/lessons/${LAB}/`);
  const metrics = page.getByRole('tabpanel', { name: 'Metrics', exact: true });
  /** A number of the panel's text alternative, by its term ("p95"). */
  const number = (term: string) => metrics.locator('.red-numbers div').filter({ has: page.getByText(term, { exact: true }) }).locator('dd');

  // The starter: /metrics answers, but without the request metrics the panel reads.
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Running: Local runtime' })).toBeVisible();
  await page.getByRole('tab', { name: 'Metrics', exact: true }).click();
  await expect(metrics.getByRole('status').filter({ hasText: 'lacks a metric' })).toContainText('no counter named http_requests_total');
  await expect(number('Request rate')).toHaveText('unknown');

  // The reference (its src/server.ts is the starter's), with traffic.
  await pasteIntoFile(page, 'src/metrics.ts', await referenceFile('src/metrics.ts', LAB), LAB);
  await page.getByRole('button', { name: 'Restart' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Running: Local runtime' })).toBeVisible();
  await page.getByRole('tab', { name: 'Metrics', exact: true }).click();
  await metrics.getByRole('spinbutton', { name: 'Requests per second' }).fill('20');
  await metrics.getByRole('spinbutton', { name: 'Per cent sent to /boom' }).fill('10');
  await metrics.getByRole('button', { name: 'Start traffic' }).click();
  await expect(metrics.getByRole('status').filter({ hasText: 'Sending 20 requests a second' })).toBeVisible();

  await expect.poll(async () => parseFloat((await number('Request rate').textContent()) ?? ''), { timeout: 15_000 }).toBeGreaterThan(5);
  await expect(number('p95')).toHaveText(/^\d+ ms$/);
  await expect.poll(async () => parseFloat((await number('Error ratio (5xx)').textContent()) ?? ''), { timeout: 10_000 }).toBeGreaterThan(0);
  await expect(number('In flight')).toHaveText(/^\d+$/);
  await page.waitForTimeout(3000); // a few points on the charts
  await metrics.screenshot({ path: test.info().outputPath('red-panel.png') });
  const charts = metrics.locator('.red-charts');
  await expect(charts.locator('canvas')).toHaveCount(4);
  await charts.scrollIntoViewIfNeeded();
  await charts.screenshot({ path: test.info().outputPath('red-charts.png') });

  // Per route: the templates, never a raw path, and a series count that is not flagged.
  const { table, routes, count } = routeView(page);
  await expect(table.getByRole('rowheader', { name: '/users/:id', exact: true })).toBeVisible();
  const names = await routes.allTextContents();
  expect(names.filter((name) => /^\/users\/\d+$/.test(name)), `route rows: ${names.join(', ')}`).toEqual([]);
  expect(names.length).toBeLessThanOrEqual(8);
  await expect(count).toHaveText(/^\d route series\.$/);
  await metrics.locator('.red-route-view').screenshot({ path: test.info().outputPath('red-routes.png') });
  expect((await new AxeBuilder({ page }).include('.red-panel').analyze()).violations).toEqual([]);

  await metrics.getByRole('button', { name: 'Stop traffic' }).click();
  await expect(metrics.getByRole('status').filter({ hasText: 'Traffic stopped.' })).toBeVisible();
  await expect(metrics.locator('.ws-traffic-counts')).toContainText(/sent \d+/);
});

test('the raw-path mistake: the per-route view lists raw paths, and warns that the route series keep growing', async ({ page }) => {
  const mistake = await readFile(join(import.meta.dirname, '../../labs', LAB, 'mistakes', 'raw-path-label', 'src', 'metrics.ts'), 'utf8');
  await openLab(page, `/lessons/${LAB}/`);
  await pasteIntoFile(page, 'src/metrics.ts', mistake, LAB);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Running: Local runtime' })).toBeVisible();
  await page.getByRole('tab', { name: 'Metrics', exact: true }).click();
  const { metrics, table, routes, count } = routeView(page);
  await metrics.getByRole('spinbutton', { name: 'Requests per second' }).fill('20');
  await metrics.getByRole('button', { name: 'Start traffic' }).click();

  // A new user id is a new series: the warning comes once the count has grown for fifteen seconds.
  await expect(count).toHaveText(/^\d+ route series and growing: is a raw path used as a label\?$/, { timeout: 40_000 });
  await expect(table.getByRole('rowheader', { name: /^\/users\/\d+$/ }).first()).toBeVisible();
  await expect(routes).toHaveCount(12);
  await expect(metrics.getByText(/^and \d+ more$/)).toBeVisible();
  const series = parseInt((await count.textContent()) ?? '', 10);
  expect(series).toBeGreaterThan(20);
  await metrics.locator('.red-route-view').screenshot({ path: test.info().outputPath('red-raw-paths.png') });
  expect((await new AxeBuilder({ page }).include('.red-route-view').analyze()).violations).toEqual([]);
  await metrics.getByRole('button', { name: 'Stop traffic' }).click();
});
