/**
 * @module
 * The cohort server and its workers as real processes (`operable cohort serve|worker`), so tests can
 * kill them mid-grading; a seeded cohort to submit to; and submitting through the API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { openDatabase } from '../../src/cohort/db/database.ts';
import { migrate } from '../../src/cohort/db/migrations.ts';
import { createInstructor } from '../../src/cohort/store/accounts.ts';
import { assignLab, createCohort, importRoster, issueToken, learnersOf } from '../../src/cohort/store/cohorts.ts';
import { projectRoot } from '../../src/engine/node/project-paths.ts';
import { readFiles } from '../../src/engine/node/read-folder.ts';
import { findLab } from '../../labs/index.ts';

const CLI = join(projectRoot, 'src', 'cli', 'operable.ts');

export interface CohortProcess {
  child: ChildProcess;
  /** Every JSON log line so far. */
  lines: Record<string, unknown>[];
  url?: string;
  exited: Promise<number | null>;
  /** Resolves when a log line matches. */
  waitFor(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function runCohort(args: string[], env: Record<string, string> = {}): CohortProcess {
  const child = spawn(process.execPath, [CLI, 'cohort', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let buffered = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const text = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      try {
        lines.push(JSON.parse(text) as Record<string, unknown>);
      } catch {
        lines.push({ text });
      }
      for (const wake of waiters) wake();
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    for (const wake of waiters) wake();
    resolve(code);
  }));
  const running: CohortProcess = {
    child,
    lines,
    exited,
    waitFor(match, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`timed out waiting for a log line; stderr: ${stderr}\nlog: ${JSON.stringify(lines.slice(-5))}`)), timeoutMs);
        const check = () => {
          const found = lines.find(match);
          if (found) return done(undefined, found);
          if (child.exitCode !== null) done(new Error(`the process exited (${child.exitCode}); stderr: ${stderr}`));
        };
        const done = (error?: Error, line?: Record<string, unknown>) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve(line!);
        };
        waiters.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        await exited;
      }
    },
  };
  return running;
}

/** Starts `operable cohort serve` on a free port and resolves once it listens. */
export async function serveCohort(database: string, extra: string[] = [], env: Record<string, string> = {}): Promise<CohortProcess> {
  const server = runCohort(['serve', '--database', database, '--port', '0', ...extra], env);
  const listening = await server.waitFor((line) => line.msg === 'cohort server listening');
  server.url = String(listening.url);
  return server;
}

export interface SeededCohort {
  cohortId: string;
  /** Learner email → personal token. */
  tokens: Map<string, string>;
}

/** An instructor, a cohort with `learners` on its roster (all joined), and the labs assigned. */
export async function seedCohort(database: string, learners: number, labIds: string[]): Promise<SeededCohort> {
  const db = await openDatabase(database);
  await migrate(db);
  const instructor = await createInstructor(db, { email: `ina-${Date.now()}@example.test`, name: 'Ina', password: 'correct horse battery staple' });
  const cohort = await createCohort(db, instructor.id, 'Test cohort');
  await importRoster(db, cohort.id, Array.from({ length: learners }, (_, i) => ({ name: `Learner ${i + 1}`, email: `learner${i + 1}@example.test` })));
  for (const lab of labIds) await assignLab(db, cohort.id, { lab, deadline: null, latePolicy: 'accept' });
  const tokens = new Map<string, string>();
  for (const learner of await learnersOf(db, cohort.id)) tokens.set(learner.email, await issueToken(db, learner.id));
  await db.close();
  return { cohortId: cohort.id, tokens };
}

/** The editable files of a folder (a solution, a mistake), as a submission sends them. */
export async function editableFilesOf(labId: string, dir: string): Promise<Record<string, string>> {
  const lab = findLab(labId)!;
  return Object.fromEntries(await readFiles(dir, lab.manifest.editableFiles));
}

export interface SubmissionStatus {
  id: string;
  lab: string;
  status: string;
  reason?: string;
  report?: { score: number; maxScore: number; passed: boolean; durationMs: number; checks: { id: string; passed: boolean }[] };
}

export async function submit(url: string, token: string, lab: string, files: Record<string, string>): Promise<string> {
  const response = await fetch(`${url}/api/v1/submissions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ lab, files }),
  });
  if (response.status !== 202) throw new Error(`submission refused: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

export async function status(url: string, token: string, id: string): Promise<SubmissionStatus> {
  const response = await fetch(`${url}/api/v1/submissions/${id}`, { headers: { authorization: `Bearer ${token}` } });
  return (await response.json()) as SubmissionStatus;
}

/** Polls until the submission is graded (or the time is up). */
export async function graded(url: () => string, token: string, id: string, timeoutMs = 180_000): Promise<SubmissionStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await status(url(), token, id).catch(() => undefined);
    if (state?.status === 'graded') return state;
    if (Date.now() > deadline) throw new Error(`not graded in time: ${JSON.stringify(state)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
