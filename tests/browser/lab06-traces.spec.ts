/**
 * Lab 06's live observability: the Traces panel shows what the collector stand-in beside the
 * learner's service received. With the reference, one GET /orders/42 is one trace: the server span
 * its root, the client span its child, the inventory stand-in's span under that, every span's
 * attributes a keypress away. With the mistake that drops propagation (labs/06-tracing/mistakes/
 * no-propagation), the same request leaves two roots: the inventory's span starts a trace of its
 * own, and the panel says why that is suspicious.
 */
import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { labFolders } from '../../src/engine/node/project-paths.ts';
import { expect, openLab, pasteIntoFile, referenceFile, test } from './workspace-helpers.ts';

const LAB = '06-tracing';
// Tall enough for the panel to show a trace and a span's attributes together in the screenshots.
test.use({ permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 1440, height: 1400 } });

/** Sends GET /orders/42 from the Requests panel and waits for its answer; the Requests panel stays shown. */
async function order(page: Page, status: number): Promise<void> {
  await page.getByRole('tab', { name: 'Requests', exact: true }).click();
  await page.getByRole('button', { name: 'GET /orders/42' }).click();
  await expect(page.getByRole('list', { name: 'Request results' }).getByRole('listitem').first()).toContainText(String(status));
}

/** Runs (or restarts) the service and orders once; returns the Traces panel, shown. */
async function runAndOrder(page: Page, button: 'Run' | 'Restart'): Promise<Locator> {
  await page.getByRole('button', { name: button, exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Running: Local runtime' })).toBeVisible();
  await order(page, 200);
  await page.getByRole('tab', { name: 'Traces', exact: true }).click();
  return page.getByRole('tabpanel', { name: 'Traces', exact: true });
}

/** The tree's rows at one level (1: traces, 2: root spans, 3 and on: their descendants). */
const rowsAt = (traces: Locator, level: number) => traces.getByRole('tree', { name: 'Last traces, newest first' }).locator(`[role=treeitem][aria-level="${level}"]`);

test('the waterfall: one trace per order with the reference, two roots when the call carries no context', async ({ page }) => {
  test.setTimeout(180_000); // two runs of the service, a SIGTERM, and spans that arrive in batches, on a busy machine
  await openLab(page, `/lessons/${LAB}/`);
  await pasteIntoFile(page, 'src/tracing.ts', await referenceFile('src/tracing.ts', LAB), LAB);
  await pasteIntoFile(page, 'src/server.ts', await referenceFile('src/server.ts', LAB), LAB);
  const traces = await runAndOrder(page, 'Run');

  // One trace for the order: server span at the root, client span under it, the inventory's under that.
  const orderRoots = rowsAt(traces, 2).filter({ hasText: 'GET /orders/:id' });
  await expect(orderRoots).toHaveCount(1);
  await expect(orderRoots).toContainText('server');
  await expect(rowsAt(traces, 3)).toHaveCount(1);
  await expect(rowsAt(traces, 3)).toContainText(/orders\s*GET\s*client/);
  await expect(rowsAt(traces, 4)).toHaveCount(1);
  await expect(rowsAt(traces, 4)).toContainText(/inventory\s*GET\s*server/);
  await expect(rowsAt(traces, 2).filter({ hasText: 'inventory' })).toHaveCount(0);
  await expect(traces.getByText('Root:')).toHaveCount(0);
  await expect(traces.getByRole('status')).toContainText(/\d+ traces?, \d+ spans? received/);

  // Keyboard: from the order's root span down to its client span; Enter shows its attributes.
  await orderRoots.click();
  await expect(traces.getByRole('heading', { name: 'Span: GET /orders/:id' })).toBeVisible();
  await expect(traces.getByRole('table', { name: 'Attributes' })).toContainText('http.route');
  await page.keyboard.press('ArrowDown');
  await expect(rowsAt(traces, 3)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(rowsAt(traces, 3)).toHaveAttribute('aria-selected', 'true');
  await expect(traces.getByRole('heading', { name: 'Span: GET', exact: true })).toBeVisible();
  const attributes = traces.getByRole('table', { name: 'Attributes' });
  await expect(attributes.getByRole('row').filter({ hasText: 'url.full' })).toContainText('/stock/42');
  await expect(attributes.getByRole('row').filter({ hasText: 'http.response.status_code' })).toContainText('200');
  await page.keyboard.press('ArrowRight'); // to its child: the inventory's span
  await expect(rowsAt(traces, 4)).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft'); // up to the root span
  await expect(orderRoots).toBeFocused();

  // The inventory down: the order answers 502, and its server and client spans are errors, said in words too.
  await page.getByRole('group', { name: 'Fault switches' }).getByRole('radio', { name: 'Down' }).check();
  await order(page, 502);
  await page.getByRole('tab', { name: 'Traces', exact: true }).click();
  await expect(rowsAt(traces, 2).filter({ hasText: 'GET /orders/:id' }).filter({ hasText: '✕ error' })).toHaveCount(1);
  await expect(rowsAt(traces, 3).filter({ hasText: '✕ error' })).toContainText(/orders\s*GET\s*client/);
  await expect(rowsAt(traces, 1).filter({ hasText: '✕ 2 errors' })).toHaveCount(1);
  await page.getByRole('group', { name: 'Fault switches' }).getByRole('radio', { name: 'Up' }).check();

  await traces.screenshot({ path: test.info().outputPath('traces-reference.png') });
  // The panel with a span selected (Monaco's own line numbers are not this panel's to judge).
  const axe = await new AxeBuilder({ page }).include('.workspace').exclude('.monaco-editor').analyze();
  expect(axe.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length}) ${violation.nodes[0]?.target}`)).toEqual([]);

  // Paused, the view holds still while spans arrive; resumed, it shows them.
  const shownTraces = await rowsAt(traces, 1).count();
  await traces.getByRole('button', { name: 'Pause updates' }).click();
  await order(page, 200);
  await page.getByRole('tab', { name: 'Traces', exact: true }).click();
  await page.waitForTimeout(2000); // the service's batch went out meanwhile
  await expect(rowsAt(traces, 1)).toHaveCount(shownTraces);
  await expect(traces.getByRole('button', { name: 'Pause updates' })).toHaveAttribute('aria-pressed', 'true');
  await traces.getByRole('button', { name: 'Pause updates' }).click();
  await expect(rowsAt(traces, 1)).toHaveCount(shownTraces + 1);

  // SIGTERM right after an order: the reference sends its last spans before it exits, and they still show.
  await order(page, 200);
  await page.getByRole('button', { name: 'Send SIGTERM' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The service exited' })).toBeVisible();
  await page.getByRole('tab', { name: 'Traces', exact: true }).click();
  await expect(rowsAt(traces, 1)).toHaveCount(shownTraces + 2);

  // The mistake: the client span is made, but the call carries no traceparent.
  const mistake = await readFile(join(labFolders(LAB).mistakes, 'no-propagation', 'src/tracing.ts'), 'utf8');
  await pasteIntoFile(page, 'src/tracing.ts', mistake, LAB);
  await runAndOrder(page, 'Restart');
  await expect(rowsAt(traces, 2).filter({ hasText: 'GET /orders/:id' })).toHaveCount(1);
  const inventoryRoot = rowsAt(traces, 2).filter({ hasText: 'inventory' });
  await expect(inventoryRoot).toHaveCount(1);
  await expect(inventoryRoot).toContainText('Root: started a trace of its own: no traceparent came with the call');
  await expect(inventoryRoot).toContainText('Was the context propagated?');
  // Once the service's batch arrived, the call is tied to the client span that made it.
  await expect(inventoryRoot).toContainText('(most likely the client span "GET" of orders, trace');
  // The order's trace keeps its client span, but nothing of the inventory's under it.
  await expect(rowsAt(traces, 3)).toHaveCount(1);
  await expect(rowsAt(traces, 4)).toHaveCount(0);
  await inventoryRoot.click();
  await expect(traces.getByText('Parent span id')).toBeVisible();
  await expect(traces.locator('.trace-facts')).toContainText('none: a root span');
  await traces.screenshot({ path: test.info().outputPath('traces-no-propagation.png') });

  // The same in the dark scheme: the note and the error marks keep their contrast.
  await page.emulateMedia({ colorScheme: 'dark' });
  await traces.screenshot({ path: test.info().outputPath('traces-no-propagation-dark.png') });
  const darkAxe = await new AxeBuilder({ page }).include('.traces-panel').analyze();
  expect(darkAxe.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length}) ${violation.nodes[0]?.target}`)).toEqual([]);

  // On the in-browser runtime the panel says what its async context tracking may do to a trace.
  const inBrowserNote = traces.getByText('In the in-browser runtime, AsyncLocalStorage may lose the active span');
  await expect(inBrowserNote).toBeHidden();
  await page.getByLabel('Run on').selectOption('webcontainer');
  await expect(inBrowserNote).toBeVisible();
  await page.getByLabel('Run on').selectOption('local');
  await expect(inBrowserNote).toBeHidden();
});
