/**
 * `node grading/gradebook.ts <report.json> [--csv | --json] [--output FILE]`: a class's gradebook from
 * the merged JSON report of `npm run grade -- --submissions <root>` (docs/ci-grading.md). CSV (the
 * default: a row per learner, a column per lab, total, max) for an LMS import, or JSON with every
 * check's result (gradebook-report.ts has its schema). Writes to FILE, or to standard output.
 * Exit code: 0 every submission graded; 1 the gradebook is written but some gradings have no score
 * (listed on standard error); 2 a usage problem or a report that cannot be trusted as a whole.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { gradebookCsv, GradebookError, gradebookFromReport } from './gradebook-report.ts';

const USAGE = 'Usage: node grading/gradebook.ts <report.json> [--csv | --json] [--output FILE]';

function usageError(message: string): never {
  process.stderr.write(`gradebook: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { csv: { type: 'boolean' }, json: { type: 'boolean' }, output: { type: 'string', short: 'o' } } });
} catch (error) {
  usageError((error as Error).message);
}
const { values, positionals } = parsed;
if (positionals.length !== 1) usageError('pass one merged JSON report (npx playwright merge-reports --reporter=json <blob dir> > report.json).');
if (values.csv && values.json) usageError('--csv or --json, not both: run it once per format.');

const reportPath = positionals[0]!;
const text = await readFile(reportPath, 'utf8').catch(() => usageError(`cannot read ${reportPath}.`));
let report;
try {
  report = JSON.parse(text);
} catch {
  usageError(`${reportPath} is not JSON: pass the output of \`npx playwright merge-reports --reporter=json\`.`);
}

let book;
try {
  book = gradebookFromReport(report);
} catch (error) {
  if (error instanceof GradebookError) usageError(error.message);
  throw error;
}

const output = values.json ? `${JSON.stringify(book, null, 2)}\n` : gradebookCsv(book);
if (values.output) await writeFile(values.output, output);
else process.stdout.write(output);

const gradings = book.learners.reduce((sum, row) => sum + row.labs.length, 0);
process.stderr.write(`gradebook: ${book.learners.length} learners, ${book.labs.length} labs, ${gradings} gradings${values.output ? ` → ${values.output}` : ''}\n`);
if (book.notGraded) {
  for (const row of book.learners) {
    for (const grade of row.labs) if (grade.status === 'not-graded') process.stderr.write(`  not graded: ${row.learner}/${grade.lab}: ${grade.reason}\n`);
  }
  const some = book.notGraded === 1 ? '1 grading has' : `${book.notGraded} gradings have`;
  process.stderr.write(`gradebook: ${some} no score (their cells are empty): grade them again, e.g. re-run the failed shard.\n`);
  process.exit(1);
}
