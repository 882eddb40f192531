/**
 * @module
 * The Audit page's DOM: one list item per audit item as results arrive (verdict as text, not colour
 * alone), the summary, and the report as a downloadable HTML file.
 */
import type { CheckResult } from '../engine/report.ts';
import { renderAuditHtml } from '../audit/html-report.ts';
import type { AuditReport } from '../audit/run-audit.ts';

function verdictOf(result: CheckResult): { mark: string; label: string; kind: string } {
  if (result.skipped !== undefined) return { mark: '–', label: 'Not verifiable from outside', kind: 'skipped' };
  return result.passed ? { mark: '✓', label: 'Passed', kind: 'passed' } : { mark: '✗', label: 'Failed', kind: 'failed' };
}

/** "Lesson 07, Rate limiting: http://…/lessons/07-rate-limiting/" → "Taught in <a>Lesson 07, Rate limiting</a>". */
function hintNode(hint: string): HTMLElement {
  const paragraph = document.createElement('p');
  paragraph.className = 'audit-hint';
  const match = /^(.*?):\s*(https?:\/\/\S+)$/.exec(hint);
  if (!match) {
    paragraph.textContent = hint;
    return paragraph;
  }
  const link = document.createElement('a');
  const url = new URL(match[2]!);
  link.href = url.pathname + url.hash; // this server's own lesson
  link.textContent = match[1]!;
  paragraph.append('Taught in ', link);
  return paragraph;
}

export function resultItem(result: CheckResult): HTMLLIElement {
  const { mark, label, kind } = verdictOf(result);
  const item = document.createElement('li');
  item.className = `audit-item ${kind}`;
  const title = document.createElement('h3');
  const markNode = document.createElement('span');
  markNode.className = 'audit-mark';
  markNode.setAttribute('aria-hidden', 'true');
  markNode.textContent = mark;
  title.append(markNode, ` ${label}: ${result.title}`);
  item.append(title);
  const detail = result.skipped ?? result.message;
  if (detail) {
    const pre = document.createElement('pre');
    pre.textContent = detail;
    item.append(pre);
  }
  if (!result.passed && result.skipped === undefined) item.append(hintNode(result.hint));
  return item;
}

export function summaryText(report: AuditReport): string {
  const failed = report.checks.filter((check) => !check.passed && check.skipped === undefined).length;
  const skipped = report.checks.filter((check) => check.skipped !== undefined).length;
  const verdict = failed ? `${failed} of ${report.checks.length} items fail.` : 'No item fails.';
  return `${verdict}${skipped ? ` ${skipped} cannot be verified from outside.` : ''} ${report.requestsSent} requests in ${(report.durationMs / 1000).toFixed(1)} s.`;
}

/** Offers the standalone HTML report as a file download. */
export function downloadReport(report: AuditReport): void {
  const url = URL.createObjectURL(new Blob([renderAuditHtml(report)], { type: 'text/html' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `audit-${new URL(report.target).host.replace(/[^\w.-]/g, '_')}.html`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
