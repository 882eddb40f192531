/**
 * @module
 * Reading a roster from CSV: `name,email[,id]` per line, a header row optional (recognised by an
 * "email" column). Every bad line is reported with its number, and a roster with any bad line is
 * refused whole, so an import never half-happens.
 */
import { CsvError, parse } from 'csv-parse/sync';
import type { RosterEntry } from '../../store/cohorts.ts';

export interface RosterLineError {
  line: number;
  message: string;
}

export type RosterParse = { ok: true; entries: RosterEntry[] } | { ok: false; errors: RosterLineError[] };

/** The most learners one import takes: a class, not a mailing list. */
export const MAX_ROSTER_LINES = 5000;

// Deliberately loose: one @ with something on both sides and a dot after it; the join form is the real test.
const EMAIL = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;

function isHeader(record: string[]): boolean {
  return record.some((field) => field.toLowerCase() === 'email');
}

/**
 * Parses a roster.
 * @example parseRoster('name,email\nAda,ada@example.org') // { ok: true, entries: [{ name: 'Ada', email: 'ada@example.org' }] }
 */
export function parseRoster(text: string): RosterParse {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, each record comes as { record, info }; the typings do not follow that option.
    records = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, errors: [{ line: Number(error.lines) || 1, message: `not valid CSV: ${error.message}` }] };
    throw error;
  }
  if (records[0] && isHeader(records[0].record)) records = records.slice(1);
  if (records.length === 0) return { ok: false, errors: [{ line: 1, message: 'no learners: give one line per learner, "name,email" or "name,email,id"' }] };
  if (records.length > MAX_ROSTER_LINES) return { ok: false, errors: [{ line: records[MAX_ROSTER_LINES]!.info.lines, message: `at most ${MAX_ROSTER_LINES} learners per import` }] };

  const errors: RosterLineError[] = [];
  const entries: RosterEntry[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const [name = '', email = '', externalId = ''] = record;
    if (record.length < 2 || record.length > 3) {
      errors.push({ line, message: `${record.length} ${record.length === 1 ? 'column' : 'columns'}; expected name,email or name,email,id` });
    } else if (!name) {
      errors.push({ line, message: 'the name is empty' });
    } else if (!EMAIL.test(email)) {
      errors.push({ line, message: `"${email}" is not an email address` });
    } else if (seen.has(email.toLowerCase())) {
      errors.push({ line, message: `${email} is already on line ${seen.get(email.toLowerCase())}` });
    } else {
      seen.set(email.toLowerCase(), line);
      entries.push(externalId ? { name, email, externalId } : { name, email });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, entries };
}
