/**
 * @module
 * The `operable` command: list the labs, grade a folder against a lab's checks, audit a running service.
 *
 *   npx operable list
 *   npx operable check <lab> [DIR] [--json]
 *   npx operable audit <url> [--json] [--html FILE]
 *   npx operable cohort serve | worker | add-instructor | backup
 *   npx operable submit <lab> [DIR] --cohort <url> [--token <token>] [--wait] [--json]
 *
 * Exit codes: 0 every check passes, 1 some check fails, 2 usage or infrastructure problem.
 */
import { parseArgs, styleText } from 'node:util';
import { relative } from 'node:path';
import { labs, findLab } from '../../labs/index.ts';
import { AUDIT_USAGE, auditCommand } from './audit-command.ts';
import { closestLab } from './closest-lab.ts';
import { COHORT_USAGE, CohortUsageError, cohortCommand } from './cohort-command.ts';
import { SUBMIT_USAGE, submitCommand } from './submit-command.ts';
import { AuditUsageError } from '../audit/target.ts';
import { AuditUnreachable } from '../audit/run-audit.ts';
import { InfrastructureError } from '../engine/check.ts';
import { formatReport, type Painter } from '../engine/format-report.ts';
import { gradeSubmission, loadSubmission } from '../engine/node/grade.ts';
import { privateNetworkAvailable, rerunInPrivateNetwork } from '../engine/node/private-network.ts';
import { sandboxSupport } from '../engine/node/sandbox.ts';
import { SubmissionError } from '../engine/node/read-folder.ts';

const EXIT_PASS = 0;
const EXIT_FAIL = 1;
const EXIT_USAGE = 2;

const USAGE = `Usage:
  operable list                          list the labs
  operable check <lab> [DIR] [--json] [--no-sandbox]
                                         grade DIR (default: the lab's starter) against the lab's checks
${AUDIT_USAGE}
${COHORT_USAGE}
${SUBMIT_USAGE}

DIR holds your versions of the lab's editable files (e.g. src/shutdown.ts); files it lacks come from
the starter. On Linux with bubblewrap and dumb-init, each service runs in a sandbox (--no-sandbox:
never). Exit code 0 when every check passes, 1 when one fails, 2 for a usage or setup problem.`;

class UsageError extends Error {}

const paint: Painter = {
  pass: (text) => styleText('green', text),
  fail: (text) => styleText('red', text),
  dim: (text) => styleText('dim', text),
  bold: (text) => styleText('bold', text),
};

function listLabs(): string {
  const lines = labs.map((lab) => `  ${lab.manifest.id.padEnd(24)} ${lab.manifest.title}`);
  return `Labs:\n${lines.join('\n')}\n\nGrade one:  npx operable check <lab> [DIR] [--json]`;
}

async function check(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, 'no-sandbox': { type: 'boolean', default: false } },
  });
  const [labId, dir, ...extra] = positionals;
  if (!labId) throw new UsageError('Which lab? Name one, e.g. `operable check 03-graceful-shutdown`.');
  if (extra.length) throw new UsageError(`Unexpected argument ${extra[0]}.`);
  const lab = findLab(labId);
  if (!lab) {
    const meant = closestLab(labId, labs.map((known) => known.manifest.id));
    throw new UsageError(`There is no lab "${labId}".${meant ? ` Did you mean ${meant}?` : ''}\n\n${listLabs()}`);
  }

  const sandbox = values['no-sandbox'] ? 'off' : 'auto';
  // Each grading in a network of its own where it can be (private-network.ts): no cross-talk, no way out.
  if (sandbox === 'auto' && privateNetworkAvailable()) {
    signalsHandledElsewhere = true;
    return rerunInPrivateNetwork();
  }
  const submission = await loadSubmission(lab, dir);
  const progress = !values.json && process.stderr.isTTY;
  if (!values.json) {
    const source = dir === undefined ? 'the starter' : relative(process.cwd(), dir) || '.';
    process.stdout.write(`${paint.bold(`${lab.manifest.id}`)}: ${lab.manifest.title}\nGrading ${source}`);
    if (dir !== undefined) {
      const parts = [`yours: ${submission.provided.join(', ') || 'none'}`];
      if (submission.fromStarter.length) parts.push(`from the starter: ${submission.fromStarter.join(', ')}`);
      process.stdout.write(` (${parts.join('; ')})`);
    }
    process.stdout.write(`\n`);
    if (submission.ignored.length) {
      process.stdout.write(paint.dim(`Not used (not editable in this lab): ${submission.ignored.join(', ')}\n`));
    }
    process.stdout.write(`\n`);
    if (dir !== undefined && submission.provided.length === 0) {
      process.stderr.write(
        `Warning: ${dir} has none of this lab's editable files (${lab.manifest.editableFiles.join(', ')}), so the starter is graded.\n\n`,
      );
    }
  }
  const support = sandboxSupport();
  if (sandbox === 'auto' && !support.available) {
    process.stderr.write(paint.dim(`Note: your service runs without a sandbox here: ${support.reason}.\n\n`));
  }
  let done = 0;
  const report = await gradeSubmission(lab, submission, {
    sandbox,
    onResult: () => {
      done++;
      if (progress) process.stderr.write(`\r  ${done}/${lab.checks.length} checks done`);
    },
  });
  if (progress) process.stderr.write('\r\x1b[2K');
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, paint)}\n`);
  return report.passed ? EXIT_PASS : EXIT_FAIL;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'list':
        process.stdout.write(`${listLabs()}\n`);
        return EXIT_PASS;
      case 'check':
        return await check(rest);
      case 'audit':
        return await auditCommand(rest, paint);
      case 'cohort':
        // A cohort server or worker stops on SIGTERM by finishing what it is doing: its own handlers.
        signalsHandledElsewhere = true;
        return await cohortCommand(rest);
      case 'submit':
        return await submitCommand(rest, paint);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? EXIT_USAGE : EXIT_PASS;
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof AuditUnreachable) {
      process.stderr.write(`operable: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof UsageError || error instanceof AuditUsageError || error instanceof CohortUsageError || error instanceof SubmissionError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`operable: ${(error as Error).message}\n\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof InfrastructureError) {
      process.stderr.write(`operable: the grader could not run: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

// Services run in process groups of their own, out of reach of the terminal's Ctrl-C: exiting runs the
// harness's 'exit' handlers, which kill them and remove their folders.
// When the grading was handed to a copy of this program in a private network, that copy stops them: this
// one passes the signal on (private-network.ts) and waits for it. A cohort server or worker has handlers of its own.
let signalsHandledElsewhere = false;
process.once('SIGINT', () => {
  if (signalsHandledElsewhere) return;
  process.stderr.write('\noperable: interrupted; stopping the services it started.\n');
  process.exit(130);
});
process.once('SIGTERM', () => {
  if (!signalsHandledElsewhere) process.exit(143);
});
// `operable check … | head` closes the pipe early: stop quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// Run as a program (node src/cli/operable.ts, or the bin shim), not when imported by a test.
process.exitCode = await main(process.argv.slice(2));
