/**
 * @module
 * The gradebook page: learners × assigned labs, each cell the counted submission's score with its state
 * in words and a symbol (never colour alone), a link to the drill-down, and the checks version that
 * graded it; totals; sorting by any column and filtering by name or state, as plain links and a GET
 * form; per lab, the checks that fail most; and the regrade buttons.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { Assignment } from '../../store/cohorts.ts';
import { gradebook, type CheckFailureStat } from '../../store/gradebook.ts';
import { findLab } from '../../../../labs/index.ts';
import type { CohortEnv } from '../env.ts';
import { csrfField, formatTime, page } from '../layout.ts';
import { csrfToken, ownedCohort, shell, type InstructorContext } from './context.ts';
import { describeRows, labTitle, readQuery, selectRows, SHOW_FILTERS, type CellView, type GradebookQuery, type RowView, type ShowFilter } from './gradebook-model.ts';
import { instructorStyle } from './styles.ts';

const SHOW_WORDS: Record<ShowFilter, string> = {
  all: 'everyone',
  late: 'with late work',
  failing: 'failing a check',
  missing: 'missing a lab',
};

const MARKS: Record<CellView['kind'], { symbol: string; words: string }> = {
  pass: { symbol: '✓', words: 'all checks pass' },
  fail: { symbol: '✗', words: 'some checks fail' },
  pending: { symbol: '…', words: 'waiting for grading' },
  'not-graded': { symbol: '⚠', words: 'not graded' },
  missing: { symbol: '—', words: '' },
};

function queryString(query: GradebookQuery, change: Partial<GradebookQuery>): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams({ sort: next.sort, dir: next.dir });
  if (next.q) params.set('q', next.q);
  if (next.show !== 'all') params.set('show', next.show);
  return `?${params}`;
}

/** A column header that sorts by its column: first click highest scores first (names A→Z), again reverses. */
function sortHeader(query: GradebookQuery, column: string, label: string) {
  const current = query.sort === column;
  const firstDir = column === 'name' ? 'asc' : 'desc';
  const dir = current ? (query.dir === 'asc' ? 'desc' : 'asc') : firstDir;
  const ariaSort = current ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined;
  return html`<th scope="col" ${ariaSort ? html`aria-sort="${ariaSort}"` : ''}><a href="${queryString(query, { sort: column, dir })}"><span class="vh">Sort by </span>${label}</a>${current ? html` <span aria-hidden="true">${query.dir === 'asc' ? '▲' : '▼'}</span>` : ''}</th>`;
}

function cellHtml(cohortId: string, row: RowView, cell: CellView) {
  const mark = MARKS[cell.kind];
  const notes = cell.notes.map((note) => (note === 'late' ? html`<small class="flag">⚑ late</small>` : html`<small>${note.length > 70 ? `${note.slice(0, 69)}…` : note}</small>`));
  if (!cell.submissionId) return html`<td class="cell cell-missing">${mark.symbol} ${notes}</td>`;
  // Without a score the link still needs words to be found and followed.
  const scoreText = cell.score === null ? 'details' : `${cell.score}/${cell.max}`;
  return html`<td class="cell cell-${cell.kind}"><a href="/cohorts/${cohortId}/submissions/${cell.submissionId}"><span class="mark" aria-hidden="true">${mark.symbol}</span> <span class="score">${scoreText}</span><span class="vh"> ${mark.words}: ${row.learner.name}, ${cell.lab}, details</span></a>
${notes}${cell.checksVersion ? html`<small class="muted" title="The version of the lab's checks that made this grade">checks ${cell.checksVersion.slice(0, 7)}</small>` : ''}</td>`;
}

function failuresHtml(lab: string, failures: readonly CheckFailureStat[] | undefined) {
  const failing = (failures ?? []).filter((stat) => stat.failed > 0).slice(0, 5);
  if (failing.length === 0) return html`<p>No check fails in the counted grades.</p>`;
  const titles = new Map(findLab(lab)?.checks.map((check) => [check.id, check.title]) ?? []);
  return html`<p>Checks that fail most:</p>
<ol>${failing.map((stat) => html`<li>${titles.get(stat.checkId) ?? stat.checkId} <code>${stat.checkId}</code>: fails for ${stat.failed} of ${stat.graded}</li>`)}</ol>`;
}

function labStats(cohortId: string, token: string | undefined, assignment: Assignment, index: number, rows: readonly RowView[], failures: readonly CheckFailureStat[] | undefined) {
  const cells = rows.map((row) => row.cells[index]!);
  const graded = cells.filter((cell) => cell.score !== null);
  const passing = graded.filter((cell) => cell.kind === 'pass').length;
  const mean = graded.length ? graded.reduce((sum, cell) => sum + (cell.score ?? 0), 0) / graded.length : 0;
  const waiting = cells.filter((cell) => cell.kind === 'pending').length;
  return html`<section aria-labelledby="stats-${assignment.lab}">
<h3 id="stats-${assignment.lab}">${assignment.lab} <span class="muted">${labTitle(assignment.lab)}</span></h3>
<p>Deadline ${assignment.deadline === null ? 'none' : formatTime(assignment.deadline)} · late work: ${assignment.latePolicy.replaceAll('-', ' ')}.
Graded ${graded.length} of ${cells.length}; all checks pass for ${passing}${graded.length ? `; mean score ${mean.toFixed(1)}` : ''}${waiting ? `; ${waiting} waiting for grading` : ''}.</p>
${failuresHtml(assignment.lab, failures)}
<form class="inline" method="post" action="/cohorts/${cohortId}/regrade">${csrfField(token)}<input type="hidden" name="scope" value="lab"><input type="hidden" name="lab" value="${assignment.lab}"><button type="submit">Regrade this lab<span class="vh"> (${assignment.lab})</span></button></form>
</section>`;
}

function regradeNotice(c: InstructorContext) {
  if (c.req.query('done') !== 'regrade') return undefined;
  const count = (name: string) => Math.max(0, Number.parseInt(c.req.query(name) ?? '0', 10) || 0);
  const queued = count('queued');
  const waiting = count('waiting');
  return { text: `Regrade: ${queued} ${queued === 1 ? 'submission' : 'submissions'} queued${waiting ? `, ${waiting} already waiting for grading` : ''}. Reload this page to see the new grades.` };
}

export function gradebookPageRoutes() {
  const app = new Hono<CohortEnv>();
  app.get('/cohorts/:id/gradebook', async (c) => {
    const { cohort } = await ownedCohort(c);
    const book = await gradebook(c.get('options').db, cohort.id);
    const labs = book.assignments.map((assignment) => assignment.lab);
    const query = readQuery(c.req.query(), labs);
    const allRows = describeRows(book);
    const rows = selectRows(allRows, query);
    const token = csrfToken(c);
    const filtered = query.q !== '' || query.show !== 'all';
    return c.html(
      page(
        shell(c, `Gradebook · ${cohort.name}`, regradeNotice(c)),
        html`${instructorStyle}
<nav class="crumbs" aria-label="Cohort"><a href="/cohorts">Your cohorts</a> · <a href="/cohorts/${cohort.id}">${cohort.name}: roster and labs</a></nav>
<h1>Gradebook: ${cohort.name}</h1>
<div class="actions">
  <a href="/cohorts/${cohort.id}/gradebook.csv" download>Download CSV</a>
  <a href="/cohorts/${cohort.id}/gradebook.json">Download JSON</a>
  ${book.assignments.length ? html`<form class="inline" method="post" action="/cohorts/${cohort.id}/regrade">${csrfField(token)}<input type="hidden" name="scope" value="all"><button type="submit">Regrade everything</button></form>` : ''}
</div>
${book.assignments.length === 0
  ? html`<p>No lab is assigned yet. <a href="/cohorts/${cohort.id}">Assign labs</a> to see grades here.</p>`
  : html`<form class="row-form" method="get" action="/cohorts/${cohort.id}/gradebook" role="search" aria-label="Filter learners">
  <input type="hidden" name="sort" value="${query.sort}"><input type="hidden" name="dir" value="${query.dir}">
  <div><label for="filter-q">Name or email contains</label><input id="filter-q" name="q" type="search" value="${query.q}"></div>
  <div><label for="filter-show">Show learners</label><select id="filter-show" name="show">${SHOW_FILTERS.map((filter) => html`<option value="${filter}" ${filter === query.show ? 'selected' : ''}>${SHOW_WORDS[filter]}</option>`)}</select></div>
  <div><button type="submit">Filter</button>${filtered ? html` <a href="/cohorts/${cohort.id}/gradebook${queryString({ ...query, q: '', show: 'all' }, {})}">Clear filter</a>` : ''}</div>
</form>
<p id="showing" role="status">Showing ${rows.length} of ${allRows.length} ${allRows.length === 1 ? 'learner' : 'learners'}${filtered ? ` (${query.q ? `matching “${query.q}”, ` : ''}${SHOW_WORDS[query.show]})` : ''}.</p>
<div class="table-box"><table class="gradebook">
<caption class="vh">Grades of ${cohort.name}, sorted by ${query.sort}, ${query.dir === 'asc' ? 'ascending' : 'descending'}</caption>
<thead><tr>${sortHeader(query, 'name', 'Learner')}${labs.map((lab) => sortHeader(query, lab, lab))}${sortHeader(query, 'total', 'Total')}</tr></thead>
<tbody>${rows.map(
  (row) => html`<tr><th scope="row">${row.learner.name}<small class="muted">${row.learner.email}</small></th>
${row.cells.map((cell) => cellHtml(cohort.id, row, cell))}
<td><strong>${row.total}/${row.maxTotal}</strong></td></tr>`,
)}</tbody>
</table></div>
<p class="muted">✓ every check passes · ✗ some checks fail · … waiting for grading · ⚠ not graded (an infrastructure problem, retried; never a zero) · — nothing counts · ⚑ late, under “accept and flag”. The total’s maximum counts each lab’s points even when nothing is submitted yet.</p>
<h2>Per lab</h2>
${book.assignments.map((assignment, index) => labStats(cohort.id, token, assignment, index, allRows, book.failures[assignment.lab]))}`}`,
      ),
    );
  });
  return app;
}
