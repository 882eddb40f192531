/**
 * @module
 * The results of `npm run mutation`: its arguments, a Stryker JSON report (mutation-testing-report-schema)
 * turned into counts, a mutation score and the surviving mutants, and where the last run of a lab is.
 * `bench/mutation.ts` runs Stryker; `bench/run.ts` reads the last run back for the bench.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { labFolders, projectRoot } from '../src/engine/node/project-paths.ts';

/** A usage problem: the command prints the message and exits 2. */
export class MutationUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MutationUsageError';
  }
}

export interface MutationArgs {
  lab: string;
  concurrency: number;
}

/**
 * `<lab> [--concurrency N]`, checked against the known lab ids.
 *
 * @example parseMutationArgs(['04-health'], ['04-health'], 1) // { lab: '04-health', concurrency: 1 }
 */
export function parseMutationArgs(argv: string[], labIds: readonly string[], defaultConcurrency: number): MutationArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { concurrency: { type: 'string' } } });
  } catch (error) {
    throw new MutationUsageError((error as Error).message);
  }
  const [lab, ...extra] = parsed.positionals;
  const known = `Labs: ${labIds.join(', ')}.`;
  if (!lab) throw new MutationUsageError(`Which lab? Name one, e.g. \`npm run mutation -- ${labIds.at(-1) ?? '04-health'}\`. ${known}`);
  if (extra.length) throw new MutationUsageError(`Unexpected argument ${extra[0]}: mutate one lab per run.`);
  if (!labIds.includes(lab)) throw new MutationUsageError(`There is no lab "${lab}". ${known}`);
  const concurrency = parsed.values.concurrency === undefined ? defaultConcurrency : Number(parsed.values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new MutationUsageError(`--concurrency wants a whole number of at least 1, not "${parsed.values.concurrency}".`);
  }
  return { lab, concurrency };
}

/** Stryker's mutant statuses (mutation-testing-report-schema). */
export type MutantStatus = 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';

interface Position {
  line: number;
  column: number;
}

/** The part of Stryker's JSON report this module reads. */
export interface StrykerJsonReport {
  files: Record<
    string,
    {
      source: string;
      mutants: Array<{
        id: string;
        mutatorName: string;
        replacement?: string;
        location: { start: Position; end: Position };
        status: MutantStatus;
        statusReason?: string;
      }>;
    }
  >;
}

/** bench/mutation-equivalents.json: a mutant known not to change what a learner must do, left out of the score after triage. */
export const equivalentMutantSchema = z.strictObject({
  file: z.string().describe('Path in the lab\'s reference, e.g. src/health.ts'),
  mutator: z.string().describe('Stryker\'s mutator name, e.g. StringLiteral'),
  original: z.string().describe('The source text the mutant replaces (whitespace is collapsed before comparing)'),
  replacement: z.string().describe('What Stryker puts in its place'),
  line: z.number().int().positive().optional().describe('Only when the same original and replacement occur twice in the file with different verdicts'),
  why: z.string().min(1).describe('Why no check can or should tell this mutant from the reference'),
});
export const equivalentsFileSchema = z.record(z.string().describe('lab id'), z.array(equivalentMutantSchema));
export type EquivalentMutant = z.infer<typeof equivalentMutantSchema>;

export interface Survivor {
  /** Path in the lab's reference, e.g. `solutions/04-health/src/health.ts:42:7`. */
  where: string;
  file: string;
  line: number;
  column: number;
  mutator: string;
  /** The source text the mutant replaces, whitespace collapsed. */
  original: string;
  replacement: string;
  /** Set when the mutant is listed as equivalent: the reason. */
  equivalent?: string;
}

export interface MutationSummary {
  mutants: number;
  killed: number;
  survived: number;
  timeouts: number;
  noCoverage: number;
  /** Mutants that never ran as a test: compile or runtime errors, ignored, pending. */
  invalid: number;
  /**
   * "Killed" mutants the grader gave no verdict on (exit 2): on an overloaded machine, checks that failed
   * twice (the grader retries a failed check once) but whose timing it would not vouch for.
   */
  unconfirmedKills: number;
  /** Stryker's score: (killed + timeouts) / (killed + timeouts + survived + no coverage), in %; null with no valid mutant. */
  score: number | null;
  /** The score if none of the unconfirmed kills were real: a lower bound, equal to `score` on a quiet machine. */
  confirmedScore: number | null;
  /** The same with the mutants listed as equivalent left out; the goal is ≥ 90 %. */
  scoreWithoutEquivalents: number | null;
  equivalents: number;
  /**
   * Per check: how many mutants it failed on, and how many only it failed on. A check with no sole kill
   * adds nothing to the score; a mutant killed by one timing-sensitive check alone is worth a second look.
   */
  killsByCheck: Record<string, { kills: number; soleKills: number }>;
  survivors: Survivor[];
}

/**
 * What `operable check` prints when it exits 2 without a verdict (src/cli/operable.ts), most often
 * because the machine was too busy for the checks' timing to be trusted (src/engine/node/grade.ts).
 * Stryker's command runner counts any non-zero exit as a kill.
 */
export const NO_VERDICT = 'the grader could not run';

/**
 * The ids of the checks a run of `operable check` failed, from its report lines
 * (`  ✗ Title [check.id, 0/2 pt, 1.1 s]`), which Stryker keeps as a killed mutant's statusReason.
 */
export function failedChecks(output: string): string[] {
  return [...output.matchAll(/^\s*✗ .*\[([\w.-]+), \d+\/\d+ pt/gm)].map((match) => match[1]!);
}

const percent = (detected: number, valid: number) => (valid === 0 ? null : Math.round((detected / valid) * 1000) / 10);

/** The source text between two 1-based positions (Stryker's report uses 1-based lines and columns). */
export function sourceAt(source: string, start: Position, end: Position): string {
  const lines = source.split('\n');
  const offset = (position: Position) =>
    lines.slice(0, position.line - 1).reduce((sum, line) => sum + line.length + 1, 0) + position.column - 1;
  return source.slice(offset(start), offset(end));
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

function isEquivalent(survivor: Survivor, known: readonly EquivalentMutant[]): EquivalentMutant | undefined {
  return known.find(
    (entry) =>
      entry.file === survivor.file &&
      entry.mutator === survivor.mutator &&
      collapse(entry.original) === survivor.original &&
      collapse(entry.replacement) === survivor.replacement &&
      (entry.line === undefined || entry.line === survivor.line),
  );
}

/**
 * Counts, scores and survivors of a Stryker JSON report. `pathPrefix` turns the report's file names
 * (relative to where Stryker ran) into paths a reader can open, e.g. `solutions/04-health/`.
 *
 * @example summarizeReport(JSON.parse(readFileSync('reports/mutation/04-health/mutation.json', 'utf8')), 'solutions/04-health/')
 */
export function summarizeReport(report: StrykerJsonReport, pathPrefix = '', equivalents: readonly EquivalentMutant[] = []): MutationSummary {
  const count: Record<MutantStatus, number> = { Killed: 0, Survived: 0, NoCoverage: 0, Timeout: 0, CompileError: 0, RuntimeError: 0, Ignored: 0, Pending: 0 };
  const survivors: Survivor[] = [];
  let unconfirmedKills = 0;
  const killsByCheck: MutationSummary['killsByCheck'] = {};
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    for (const mutant of mutants) {
      count[mutant.status]++;
      if (mutant.status === 'Killed') {
        if (mutant.statusReason?.includes(NO_VERDICT)) unconfirmedKills++;
        const killers = failedChecks(mutant.statusReason ?? '');
        for (const id of killers) {
          const entry = (killsByCheck[id] ??= { kills: 0, soleKills: 0 });
          entry.kills++;
          if (killers.length === 1) entry.soleKills++;
        }
      }
      if (mutant.status !== 'Survived' && mutant.status !== 'NoCoverage') continue;
      const { start, end } = mutant.location;
      const survivor: Survivor = {
        where: `${pathPrefix}${file}:${start.line}:${start.column}`,
        file,
        line: start.line,
        column: start.column,
        mutator: mutant.mutatorName,
        original: collapse(sourceAt(source, start, end)),
        replacement: collapse(mutant.replacement ?? ''),
      };
      const equivalent = isEquivalent(survivor, equivalents);
      if (equivalent) survivor.equivalent = equivalent.why;
      survivors.push(survivor);
    }
  }
  survivors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const detected = count.Killed + count.Timeout;
  const undetected = count.Survived + count.NoCoverage;
  const equivalentCount = survivors.filter((survivor) => survivor.equivalent).length;
  return {
    mutants: Object.values(count).reduce((a, b) => a + b, 0),
    killed: count.Killed,
    survived: count.Survived,
    timeouts: count.Timeout,
    noCoverage: count.NoCoverage,
    invalid: count.CompileError + count.RuntimeError + count.Ignored + count.Pending,
    unconfirmedKills,
    score: percent(detected, detected + undetected),
    confirmedScore: percent(detected - unconfirmedKills, detected + undetected),
    scoreWithoutEquivalents: percent(detected, detected + undetected - equivalentCount),
    equivalents: equivalentCount,
    killsByCheck,
    survivors,
  };
}

/** One line per survivor: where, which mutator, what became what. */
export function formatSurvivor(survivor: Survivor, maxText = 60): string {
  const clip = (text: string) => (text.length > maxText ? `${text.slice(0, maxText - 1)}…` : text);
  const verdict = survivor.equivalent ? `  (equivalent: ${survivor.equivalent})` : '';
  return `${survivor.where}  ${survivor.mutator}  \`${clip(survivor.original)}\` → \`${clip(survivor.replacement)}\`${verdict}`;
}

/** Where `npm run mutation -- <lab>` writes its reports (gitignored). */
export function reportFolder(labId: string): string {
  return join(projectRoot, 'reports', 'mutation', labId);
}

/** Mutants triaged as equivalent, from bench/mutation-equivalents.json (docs/mutation-triage.md gives the reasoning). */
export async function loadEquivalents(labId: string): Promise<EquivalentMutant[]> {
  const all = equivalentsFileSchema.parse(JSON.parse(await readFile(join(projectRoot, 'bench', 'mutation-equivalents.json'), 'utf8')));
  return all[labId] ?? [];
}

/** A short hash of the named files under `root`: tells whether the reference changed since a run. */
export async function fingerprint(root: string, paths: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const path of paths) hash.update(path).update('\0').update(await readFile(join(root, path)).catch(() => Buffer.alloc(0)));
  return hash.digest('hex').slice(0, 16);
}

/** The files of labs/<lab>/ that decide what a mutant meets. */
export const CHECK_FILES = ['checks.ts', 'lab.json'];

/** What survivors.json holds besides the summary. */
export interface MutationRunInfo {
  lab: string;
  measuredAt: string;
  durationMs: number;
  concurrency: number;
  node: string;
  /** fingerprint() of the reference's editable files when the run started. */
  reference: string;
  /** fingerprint() of the lab's CHECK_FILES when the run started. */
  checks: string;
  checksChangedDuringRun: boolean;
  /** The unmutated reference, graded again after the run, still passes: the kills were the mutants' doing. */
  referencePassedAfterRun: boolean;
}

/**
 * The last mutation run of a lab, re-scored with today's list of equivalents, or undefined when the
 * lab was never run; `stale` when the reference or the checks differ from the ones the run used.
 */
export async function lastMutationRun(labId: string, editableFiles: readonly string[]) {
  const folder = reportFolder(labId);
  const json = await readFile(join(folder, 'mutation.json'), 'utf8').catch(() => undefined);
  if (json === undefined) return undefined;
  const summary = summarizeReport(JSON.parse(json) as StrykerJsonReport, `solutions/${labId}/`, await loadEquivalents(labId));
  const info = await readFile(join(folder, 'survivors.json'), 'utf8')
    .then((text) => JSON.parse(text) as MutationRunInfo)
    .catch(() => undefined);
  const measuredAt = info?.measuredAt ?? (await stat(join(folder, 'mutation.json'))).mtime.toISOString();
  const reference = await fingerprint(labFolders(labId).solution, editableFiles);
  const checks = await fingerprint(labFolders(labId).lab, CHECK_FILES);
  return {
    lab: labId,
    measuredAt,
    durationMs: info?.durationMs,
    /** The reference or the checks differ from the ones the run used (or the run mixed two versions of the checks). */
    stale: info ? info.reference !== reference || info.checks !== checks || info.checksChangedDuringRun : undefined,
    /** False when the reference itself failed after the run: the score is not to be trusted. */
    trustworthy: info?.referencePassedAfterRun ?? false,
    ...summary,
  };
}
