/**
 * @module
 * The checks panel: each check's verdict as it arrives, with expected vs observed and the hint for a
 * failure, and the score.
 */
import type { CheckResult, LabReport } from '../../engine/report.ts';
import { h } from '../dom.ts';

export interface ChecksPanel {
  element: HTMLElement;
  running(titles: Map<string, string>): void;
  result(result: CheckResult): void;
  report(report: LabReport): void;
  error(message: string): void;
}

/**
 * A hint names a lesson section in quotes (`Lesson 03, "The drain deadline": …`); when that section is
 * on this page, the quoted name becomes a link to it.
 */
function hintWithLink(hint: string): Node[] {
  const match = /"([^"]+)"/.exec(hint);
  const heading = match && [...document.querySelectorAll<HTMLElement>('article h2[id], article h3[id]')].find((h) => h.textContent?.trim() === match[1]);
  if (!match || !heading) return [document.createTextNode(hint)];
  return [
    document.createTextNode(hint.slice(0, match.index)),
    h('a', { href: `#${heading.id}` }, `“${match[1]}”`),
    document.createTextNode(hint.slice(match.index + match[0].length)),
  ];
}

export function createChecksPanel(): ChecksPanel {
  const summary = h('p', { class: 'ws-score', role: 'status' }, 'Run the checks to see how your service behaves.');
  const list = h('ol', { class: 'ws-checks' });
  const items = new Map<string, HTMLElement>();

  const render = (result: CheckResult) => {
    let item = items.get(result.id);
    if (!item) {
      item = h('li', {});
      list.append(item);
    }
    if (result.skipped) {
      item.className = 'skipped';
      item.replaceChildren(
        h('span', { class: 'mark', 'aria-hidden': 'true' }, '–'),
        h('strong', {}, result.title),
        h('span', { class: 'visually-hidden' }, ' not run here'),
        ' ',
        h('span', { class: 'muted small' }, `${result.id} · ${result.points} pt`),
        h('p', { class: 'muted small' }, result.skipped),
      );
      items.set(result.id, item);
      return;
    }
    item.className = result.passed ? 'passed' : 'failed';
    item.replaceChildren(
      h('span', { class: 'mark', 'aria-hidden': 'true' }, result.passed ? '✓' : '✗'),
      h('strong', {}, result.title),
      h('span', { class: 'visually-hidden' }, result.passed ? ' passed' : ' failed'),
      ' ',
      h('span', { class: 'muted small' }, `${result.id} · ${result.passed ? result.points : 0}/${result.points} pt`),
      ...(result.passed
        ? []
        : [h('pre', { class: 'message' }, result.message), h('p', { class: 'hint' }, h('strong', {}, 'Hint: '), ...hintWithLink(result.hint))]),
    );
    items.set(result.id, item);
  };

  return {
    element: h('div', { class: 'ws-checks-panel' }, summary, list),
    running(titles) {
      items.clear();
      list.replaceChildren(
        ...[...titles].map(([id, title]) => {
          const item = h('li', { class: 'pending' }, h('span', { class: 'mark', 'aria-hidden': 'true' }, '…'), h('strong', {}, title));
          items.set(id, item);
          return item;
        }),
      );
      summary.textContent = `Running ${titles.size} checks, each against its own instance of your service…`;
    },
    result: render,
    report(report) {
      report.checks.forEach(render);
      const passed = report.checks.filter((check) => check.passed).length;
      const skipped = report.checks.filter((check) => check.skipped).length;
      const ran = report.checks.length - skipped;
      const notHere = skipped ? ` ${skipped} ${skipped === 1 ? 'check runs' : 'checks run'} only in the local runtime and in grading.` : '';
      const points = `${report.score}/${report.maxScore} points.`;
      summary.textContent = report.passed
        ? `All ${report.checks.length} checks pass: ${points}`
        : !skipped
          ? `${passed} of ${ran} checks pass: ${points}`
          : passed === ran
            ? `All ${ran} checks that run here pass: ${points}${notHere}`
            : `${passed} of ${ran} checks that run here pass: ${points}${notHere}`;
      summary.className = `ws-score ${passed === ran ? 'ok' : 'bad'}`;
    },
    error(message) {
      // Checks still marked as running would never finish: drop them.
      for (const item of list.querySelectorAll('li.pending')) item.remove();
      summary.textContent = message;
      summary.className = 'ws-score bad';
    },
  };
}
