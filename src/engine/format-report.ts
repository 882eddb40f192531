/**
 * @module
 * A lab report as text for a terminal: every check with ✓/✗, expected vs observed, and the hint.
 */
import type { LabReport } from './report.ts';

export interface Painter {
  pass(text: string): string;
  fail(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export const plainPainter: Painter = { pass: (t) => t, fail: (t) => t, dim: (t) => t, bold: (t) => t };

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

export interface FormatOptions {
  /** What a skipped check means to this report's reader, in parentheses after the count. */
  skippedMeaning?: string;
}

export function formatReport(report: LabReport, paint: Painter = plainPainter, { skippedMeaning = 'they run in the local runtime and in grading' }: FormatOptions = {}): string {
  const out: string[] = [];
  for (const check of report.checks) {
    if (check.skipped) {
      out.push(`  ${paint.dim('–')} ${check.title} ${paint.dim(`[${check.id}, ${check.points} pt, skipped]`)}`);
      out.push(indent(paint.dim(check.skipped), '      '));
      continue;
    }
    const mark = check.passed ? paint.pass('✓') : paint.fail('✗');
    const points = check.passed ? `${check.points} pt` : `0/${check.points} pt`;
    out.push(`  ${mark} ${check.title} ${paint.dim(`[${check.id}, ${points}, ${seconds(check.durationMs)}]`)}`);
    if (!check.passed) {
      out.push(indent(check.message, '      '));
      out.push(indent(`Hint: ${check.hint}`, '      '));
      out.push('');
    }
  }
  const passedCount = report.checks.filter((check) => check.passed).length;
  const skippedCount = report.checks.filter((check) => check.skipped).length;
  const failedCount = report.checks.length - passedCount - skippedCount;
  const skippedNote = skippedCount ? ` ${skippedCount} skipped here (${skippedMeaning}).` : '';
  const verdict = failedCount ? paint.fail(`${failedCount} of ${report.checks.length} checks fail.${skippedNote}`) : skippedCount ? paint.pass(`Every check that ran passes.${skippedNote}`) : paint.pass('All checks pass.');
  if (out.at(-1) !== '') out.push('');
  out.push(`  ${paint.bold(`Score ${report.score}/${report.maxScore}`)}  ${verdict} ${paint.dim(`(${seconds(report.durationMs)})`)}`);
  return out.join('\n');
}
