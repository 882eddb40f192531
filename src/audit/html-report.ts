/**
 * @module
 * The audit report as one self-contained HTML file (no script, no external resource) that a team can
 * attach to a review: every item with its verdict, expected vs observed, and the lesson to read.
 */
import type { AuditReport } from './run-audit.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** Links in hints ("Lesson 04, …: http://…") become anchors; the rest stays text. */
function linkify(text: string): string {
  return escapeHtml(text).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
}

function verdict(check: AuditReport['checks'][number]): { mark: string; label: string; kind: string } {
  if (check.skipped !== undefined) return { mark: '–', label: 'not verifiable from outside', kind: 'skipped' };
  return check.passed ? { mark: '✓', label: 'passed', kind: 'passed' } : { mark: '✗', label: 'failed', kind: 'failed' };
}

export function renderAuditHtml(report: AuditReport): string {
  const failed = report.checks.filter((check) => !check.passed && check.skipped === undefined).length;
  const skipped = report.checks.filter((check) => check.skipped !== undefined).length;
  const items = report.checks
    .map((check) => {
      const { mark, label, kind } = verdict(check);
      const detail = check.skipped ?? check.message;
      return `<li class="${kind}">
  <h2><span class="mark" aria-hidden="true">${mark}</span> ${escapeHtml(check.title)} <span class="visually-hidden">(${label})</span></h2>
  <p class="meta"><code>${escapeHtml(check.id)}</code> · ${label} · ${(check.durationMs / 1000).toFixed(1)} s</p>
  ${detail ? `<pre>${escapeHtml(detail)}</pre>` : ''}
  ${check.passed ? '' : `<p class="hint">${linkify(check.hint)}</p>`}
</li>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)}</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
  body { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
  ol { list-style: none; padding: 0; }
  li { border-left: 0.3rem solid; padding: 0.25rem 1rem; margin: 1rem 0; }
  li.passed { border-color: #1a7f37; } li.failed { border-color: #cf222e; } li.skipped { border-color: #8c959f; }
  h2 { font-size: 1.05rem; margin: 0.25rem 0; }
  .passed .mark { color: #1a7f37; } .failed .mark { color: #cf222e; }
  .meta { margin: 0; font-size: 0.9rem; opacity: 0.8; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; background: color-mix(in srgb, currentColor 6%, transparent); padding: 0.5rem; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(report.title)}</h1>
<p>${failed ? `<strong>${failed} of ${report.checks.length} items fail.</strong>` : '<strong>No item fails.</strong>'} ${skipped ? `${skipped} cannot be verified from outside (each says what a reviewer looks at instead).` : ''}
${report.requestsSent} requests, ${(report.durationMs / 1000).toFixed(1)} s. Score ${report.score}/${report.maxScore}.</p>
<ol>
${items}
</ol>
</main>
</body>
</html>
`;
}
