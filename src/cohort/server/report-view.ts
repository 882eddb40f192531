/**
 * @module
 * A lab report as HTML, the same facts the workspace shows: each check passed or failed (in words and
 * a symbol, never colour alone), its points, and on failure what was expected and observed, with the hint.
 */
import { html } from 'hono/html';
import type { LabReport } from '../../engine/report.ts';
import type { SubmissionState } from '../store/gradebook.ts';

export function statusText(state: Pick<SubmissionState, 'status' | 'reason' | 'grade'>): string {
  switch (state.status) {
    case 'queued':
      return state.grade ? 'regrade queued' : 'queued';
    case 'grading':
      return 'grading';
    case 'graded':
      return 'graded';
    case 'not-graded':
      return `not graded: ${state.reason ?? 'an infrastructure problem'}`;
  }
}

export function reportView(report: LabReport) {
  const failed = report.checks.filter((check) => !check.passed);
  return html`<p><strong>${report.score}/${report.maxScore} points</strong> · ${report.checks.length - failed.length} of ${report.checks.length} checks passed</p>
<ol class="checks">
${[...failed, ...report.checks.filter((check) => check.passed)].map(
  (check) => html`<li>
  <span class="${check.passed ? 'pass' : 'fail'}">${check.passed ? '✓ passed' : check.skipped ? '– skipped' : '✗ failed'}</span>
  <strong>${check.title}</strong> <code>${check.id}</code> · ${check.points} ${check.points === 1 ? 'point' : 'points'} · ${Math.round(check.durationMs)} ms
  ${!check.passed ? html`<pre>${check.skipped ?? check.message}</pre><p class="muted">Hint: ${check.hint}</p>` : ''}
</li>`,
)}
</ol>`;
}
