/**
 * @module
 * `operable submit <lab> [DIR] --cohort <url>`: send a lab's editable files to the instructor's cohort
 * server, and with `--wait` follow the grading and print the report as `operable check` does.
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { findLab, labs } from '../../labs/index.ts';
import { CohortClient, CohortProblem, CohortUnreachable, cohortBaseUrl, isSettled, WaitTimedOut, type Me, type SubmissionState } from '../cohort/client/index.ts';
import { formatReport, type Painter } from '../engine/format-report.ts';
import { loadSubmission } from '../engine/node/grade.ts';
import { SubmissionError } from '../engine/node/read-folder.ts';
import type { Lab } from '../engine/lab.ts';
import { labReportSchema } from '../engine/report.ts';
import { closestLab } from './closest-lab.ts';

export const SUBMIT_USAGE = `  operable submit <lab> [DIR] --cohort <url> [--token <token>] [--wait] [--json]
                                         send DIR (default: .) to your cohort for grading; --wait follows
                                         the grading and prints the report. The token comes from --token
                                         or OPERABLE_COHORT_TOKEN`;

const EXIT_PASS = 0;
const EXIT_FAIL = 1;
const EXIT_USAGE = 2;

/** How long --wait follows a grading before it leaves the learner with the link to their page. */
const WAIT_LIMIT_MS = Number(process.env.OPERABLE_SUBMIT_WAIT_MS) || 30 * 60_000;
/** First pause between polls; the tests shorten it. */
const FIRST_POLL_MS = Number(process.env.OPERABLE_SUBMIT_POLL_MS) || 1000;

/** The lab's editable files in `dir`, read as `operable check` reads them (same paths, same size limit). */
async function editableFilesIn(lab: Lab, dir: string): Promise<Record<string, string>> {
  const submission = await loadSubmission(lab, dir);
  return Object.fromEntries(submission.provided.map((path) => [path, submission.files.get(path)!]));
}

const deadlineText = (iso: string) => `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** A refusal or failure of the cohort server, in words that say what to do next. */
function explain(error: unknown, cohortUrl: string, lab: string, me: Me | undefined): string | undefined {
  if (error instanceof CohortUnreachable) {
    return `Could not reach the cohort server at ${cohortUrl} (${error.reason}). Check the address your instructor gave you, and your network.`;
  }
  if (!(error instanceof CohortProblem)) return undefined;
  const said = `${error.title}: ${error.detail}`;
  switch (error.status) {
    case 401:
      return `${said}\nThe cohort server at ${cohortUrl} does not know this token: ask your instructor, or open your join link again to see your personal token.`;
    case 403: {
      const assignment = me?.assignments.find((a) => a.lab === lab);
      if (!assignment) {
        const assigned = me?.assignments.map((a) => a.lab).join(', ');
        return `Refused: ${said}${me ? `\nAssigned in ${me.cohort.name}: ${assigned || 'none yet'}.` : ''}`;
      }
      const deadline = assignment.deadline ? `\nThe deadline was ${deadlineText(assignment.deadline)}; late submissions: ${assignment.latePolicy}.` : '';
      return `Refused: ${said}${deadline}`;
    }
    case 413:
      return `Too large: ${said}`;
    case 422:
      return `Refused: ${said}`;
    case 429: {
      const seconds = error.retryAfterSeconds;
      const when = seconds === undefined ? 'in a minute' : `in ${seconds} s (at ${new Date(Date.now() + seconds * 1000).toTimeString().slice(0, 8)})`;
      return `Too many submissions: ${error.detail} Try again ${when}.`;
    }
    default:
      return `The cohort server refused (${error.status}): ${said}`;
  }
}

export async function submitCommand(args: string[], paint: Painter): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      cohort: { type: 'string' },
      token: { type: 'string' },
      wait: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const usage = (message: string) => {
    process.stderr.write(`operable: ${message}\n\nUsage:\n${SUBMIT_USAGE}\n`);
    return EXIT_USAGE;
  };
  const fail = (message: string) => {
    process.stderr.write(`operable: ${message}\n`);
    return EXIT_USAGE;
  };
  const [labId, dir = '.', ...extra] = positionals;
  if (!labId) return usage('Which lab? Name one, e.g. `operable submit 03-graceful-shutdown my-lab --cohort https://…`.');
  if (extra.length) return usage(`Unexpected argument ${extra[0]}.`);
  const lab = findLab(labId);
  if (!lab) {
    const meant = closestLab(labId, labs.map((known) => known.manifest.id));
    return usage(`There is no lab "${labId}".${meant ? ` Did you mean ${meant}?` : ''}`);
  }
  if (!values.cohort) return usage('Which cohort? Pass --cohort with the address of your cohort server (your instructor gives it).');
  let base: URL;
  try {
    base = cohortBaseUrl(values.cohort);
  } catch (error) {
    return usage((error as Error).message);
  }
  const token = (values.token ?? process.env.OPERABLE_COHORT_TOKEN ?? '').trim();
  if (!token) {
    return usage('No token: pass --token <token> or set OPERABLE_COHORT_TOKEN. Your personal token is on your page of the cohort (open the join link your instructor sent).');
  }

  if (values.token !== undefined && !values.json) {
    process.stderr.write(paint.dim('Tip: OPERABLE_COHORT_TOKEN keeps your token out of your shell history.\n'));
  }

  let files: Record<string, string>;
  try {
    files = await editableFilesIn(lab, dir);
  } catch (error) {
    if (error instanceof SubmissionError) return fail(error.message);
    throw error;
  }
  const paths = Object.keys(files);
  if (paths.length === 0) {
    return fail(`${dir} has none of this lab's editable files (${lab.manifest.editableFiles.join(', ')}): nothing to submit. Pass the folder that holds them.`);
  }
  // Human-readable lines go to stderr under --json, so stdout holds only the JSON.
  const say = (text: string) => (values.json ? process.stderr : process.stdout).write(`${text}\n`);
  const cohortUrl = base.href;
  const client = new CohortClient({ baseUrl: base, token, clientName: 'cli' });
  let me: Me | undefined;
  let followAt: string | undefined;
  try {
    me = await client.me();
    say(`${paint.bold(lab.manifest.id)}: ${lab.manifest.title}`);
    say(`Submitting ${relative(process.cwd(), dir) || '.'} (${paths.join(', ')}) to ${me.cohort.name} at ${cohortUrl} as ${me.learner.name}.`);
    const accepted = await client.submit(lab.manifest.id, files);
    say(`Submitted: ${accepted.status}${accepted.late ? paint.fail(' (late: after the deadline)') : ''}.`);
    say(`Your submission: ${accepted.url}`);
    followAt = accepted.url;
    if (!values.wait) {
      if (values.json) process.stdout.write(`${JSON.stringify(accepted, null, 2)}\n`);
      return EXIT_PASS;
    }
    const final = await client.waitForGrading(accepted, {
      onStatus: (state) => {
        if (!isSettled(state)) process.stderr.write(paint.dim(`  ${state.status}…\n`));
      },
      timeoutMs: WAIT_LIMIT_MS,
      initialDelayMs: FIRST_POLL_MS,
    });
    return printFinal(final, accepted.url, values.json, paint);
  } catch (error) {
    if (error instanceof WaitTimedOut) {
      return fail(`${error.message} The cohort server is still working on it: follow it at ${followAt}`);
    }
    const message = explain(error, cohortUrl, lab.manifest.id, me);
    if (message === undefined) throw error;
    return fail(message);
  }
}

function printFinal(final: SubmissionState, url: string, json: boolean, paint: Painter): number {
  if (final.status === 'not-graded') {
    if (json) process.stdout.write(`${JSON.stringify(final, null, 2)}\n`);
    process.stderr.write(`operable: not graded: ${final.reason ?? 'the grader could not run'}. This is not a zero: the cohort server will grade it again. Follow it at ${url}\n`);
    return EXIT_USAGE;
  }
  const report = labReportSchema.safeParse(final.report);
  if (!report.success) {
    process.stderr.write(`operable: the cohort server says graded but sent no readable report; see ${url}\n`);
    return EXIT_USAGE;
  }
  process.stdout.write(json ? `${JSON.stringify(final, null, 2)}\n` : `\n${formatReport(report.data, paint)}\n`);
  return report.data.passed ? EXIT_PASS : EXIT_FAIL;
}
