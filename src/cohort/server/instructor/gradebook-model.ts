/**
 * @module
 * The gradebook as the instructor reads it, without HTML: what each cell says (score, status in words,
 * the checks that graded it), the totals against what could be scored, and the sorting and filtering
 * of the rows. The page, the CSV and the JSON all read it, so they cannot disagree.
 */
import { findLab } from '../../../../labs/index.ts';
import { checksVersion } from '../../checks-version.ts';
import type { Assignment, Learner } from '../../store/cohorts.ts';
import type { Gradebook, GradebookCell } from '../../store/gradebook.ts';
import { statusText } from '../report-view.ts';

export type CellKind = 'pass' | 'fail' | 'pending' | 'not-graded' | 'missing';
export type CellStatus = 'graded' | 'queued' | 'grading' | 'not-graded' | 'no-submission' | 'late-refused';

export interface CellView {
  lab: string;
  kind: CellKind;
  status: CellStatus;
  /** The counted grade's score, or null when nothing counts yet. */
  score: number | null;
  max: number | null;
  /** Counted past the deadline. */
  late: boolean;
  /** Late under "accept and flag": the cell says so. */
  flagged: boolean;
  /** What the cell says besides the score: "late", "regrade queued", "not graded: …". */
  notes: string[];
  checksVersion: string | null;
  /** Graded by checks other than the lab's current ones. */
  olderChecks: boolean;
  submissionId: string | null;
}

export interface RowView {
  learner: Learner;
  cells: CellView[];
  total: number;
  /** What the learner could score: each graded lab's maximum, the current checks' maximum for the others. */
  maxTotal: number;
}

/** A lab's current maximum, or 0 for a lab this release no longer has. */
export function labMaxPoints(lab: string): number {
  return findLab(lab)?.checks.reduce((sum, check) => sum + check.points, 0) ?? 0;
}

export function currentChecksVersion(lab: string): string | null {
  const found = findLab(lab);
  return found ? checksVersion(found) : null;
}

export function labTitle(lab: string): string {
  return findLab(lab)?.manifest.title ?? lab;
}

export function describeCell(cell: GradebookCell, assignment: Assignment): CellView {
  const counted = cell.counted;
  const base = { lab: cell.lab, late: cell.late, flagged: cell.late && assignment.latePolicy === 'accept-and-flag' };
  if (!counted) {
    const refused = cell.submissions > 0;
    return {
      ...base,
      kind: 'missing',
      status: refused ? 'late-refused' : 'no-submission',
      score: null,
      max: null,
      notes: [refused ? 'only late work, refused' : 'no submission'],
      checksVersion: null,
      olderChecks: false,
      submissionId: null,
    };
  }
  const grade = counted.grade;
  const notes = base.flagged ? ['late'] : [];
  if (counted.status !== 'graded') notes.push(statusText(counted));
  const current = currentChecksVersion(cell.lab);
  const olderChecks = !!grade && current !== null && grade.checksVersion !== current;
  if (olderChecks) notes.push('older checks');
  return {
    ...base,
    kind: grade ? (grade.passed ? 'pass' : 'fail') : counted.status === 'not-graded' ? 'not-graded' : 'pending',
    status: counted.status === 'graded' ? 'graded' : counted.status,
    score: grade?.score ?? null,
    max: grade?.maxScore ?? null,
    notes,
    checksVersion: grade?.checksVersion ?? null,
    olderChecks,
    submissionId: counted.submissionId,
  };
}

export function describeRows(book: Gradebook): RowView[] {
  return book.rows.map((row) => {
    const cells = row.cells.map((cell, index) => describeCell(cell, book.assignments[index]!));
    return {
      learner: row.learner,
      cells,
      total: cells.reduce((sum, cell) => sum + (cell.score ?? 0), 0),
      maxTotal: cells.reduce((sum, cell) => sum + (cell.max ?? labMaxPoints(cell.lab)), 0),
    };
  });
}

export const SHOW_FILTERS = ['all', 'late', 'failing', 'missing'] as const;
export type ShowFilter = (typeof SHOW_FILTERS)[number];

export interface GradebookQuery {
  /** `name`, `total`, or a lab id. */
  sort: string;
  dir: 'asc' | 'desc';
  q: string;
  show: ShowFilter;
}

/** Reads ?sort, ?dir, ?q and ?show, falling back to "by name, everyone" for anything unknown. */
export function readQuery(params: Record<string, string | undefined>, labs: readonly string[]): GradebookQuery {
  const sort = params.sort && (params.sort === 'name' || params.sort === 'total' || labs.includes(params.sort)) ? params.sort : 'name';
  const dir = params.dir === 'desc' ? 'desc' : 'asc';
  const show = SHOW_FILTERS.find((filter) => filter === params.show) ?? 'all';
  return { sort, dir, q: (params.q ?? '').trim().slice(0, 200), show };
}

const matchesShow: Record<ShowFilter, (row: RowView) => boolean> = {
  all: () => true,
  late: (row) => row.cells.some((cell) => cell.late),
  failing: (row) => row.cells.some((cell) => cell.kind === 'fail'),
  missing: (row) => row.cells.some((cell) => cell.kind === 'missing'),
};

/** The rows the query asks for, in its order; ties (and "by name") by name, then email. */
export function selectRows(rows: readonly RowView[], query: GradebookQuery): RowView[] {
  const needle = query.q.toLowerCase();
  const byName = (a: RowView, b: RowView) => a.learner.name.localeCompare(b.learner.name) || a.learner.email.localeCompare(b.learner.email);
  const key = (row: RowView): number => {
    if (query.sort === 'total') return row.total;
    // Nothing counted sorts below a zero: "no submission" is not a score.
    return row.cells.find((cell) => cell.lab === query.sort)?.score ?? -1;
  };
  const sign = query.dir === 'desc' ? -1 : 1;
  return rows
    .filter((row) => !needle || [row.learner.name, row.learner.email, row.learner.externalId ?? ''].some((field) => field.toLowerCase().includes(needle)))
    .filter(matchesShow[query.show])
    .sort((a, b) => (query.sort === 'name' ? sign * byName(a, b) : sign * (key(a) - key(b)) || byName(a, b)));
}
