/**
 * @module
 * The grading worker: takes a job, reads its submission back from the database, grades it with the
 * same `gradeSubmission` as `npx operable check` (in the sandbox), and writes the result once. An
 * infrastructure failure (overload, no sandbox, a timeout of the grader itself) is "not graded, will
 * retry", never a zero. Jobs arrive from polling the job table (one host) or from BullMQ (many hosts).
 */
import { availableParallelism, hostname } from 'node:os';
import { findLab } from '../../labs/index.ts';
import { InfrastructureError } from '../engine/check.ts';
import type { LabReport } from '../engine/report.ts';
import { gradeSubmission } from '../engine/node/grade.ts';
import type { SandboxMode } from '../engine/node/node-harness.ts';
import { labFolders } from '../engine/node/project-paths.ts';
import { readFolder } from '../engine/node/read-folder.ts';
import { composeSubmission } from '../engine/submission.ts';
import type { Database } from './db/database.ts';
import { claimJob, LEASE_MS, releaseDeadLeases, recordGrade, recordNotGraded, renewLease, type ClaimedJob } from './queue/job-table.ts';
import { submissionById, submissionFiles } from './store/submissions.ts';
import { recordAudit } from './store/audit-log.ts';
import { newId } from './secrets.ts';
import { checksVersion } from './checks-version.ts';

export type WorkerLog = (msg: string, fields?: Record<string, unknown>) => void;

export interface WorkerOptions {
  db: Database;
  /** Gradings at once; each grading already runs its checks in parallel, so one per core is plenty. */
  concurrency?: number;
  sandbox?: SandboxMode;
  /** How often an idle worker looks for work in the job table. */
  pollMs?: number;
  log?: WorkerLog;
  /** Grades one submission; tests replace it to simulate slow or failing grading. */
  grade?: (labId: string, files: Map<string, string>) => Promise<LabReport>;
}

export const DEFAULT_WORKER_CONCURRENCY = Math.max(1, Math.min(4, availableParallelism()));

/** Grades the files of a submission over the lab's starter, as `operable check` does. */
export async function gradeFiles(labId: string, files: Map<string, string>, sandbox: SandboxMode): Promise<LabReport> {
  const lab = findLab(labId);
  if (!lab) throw new InfrastructureError(`this release of Operable has no lab "${labId}"`);
  const starter = await readFolder(labFolders(labId).starter);
  const submission = composeSubmission(lab.manifest, starter, files);
  return gradeSubmission(lab, submission, { sandbox });
}

export class GradingWorker {
  readonly name = `${hostname()}:${process.pid}:${newId().slice(0, 6)}`;
  readonly #options: Required<Omit<WorkerOptions, 'grade'>> & Pick<WorkerOptions, 'grade'>;
  #running = new Set<Promise<void>>();
  #stopped = false;
  #wake: (() => void) | undefined;
  #loops: Promise<void>[] = [];

  constructor(options: WorkerOptions) {
    this.#options = {
      ...options,
      concurrency: options.concurrency ?? DEFAULT_WORKER_CONCURRENCY,
      sandbox: options.sandbox ?? 'required',
      pollMs: options.pollMs ?? 1000,
      log: options.log ?? (() => {}),
    };
  }

  /** Polls the job table with `concurrency` loops until stopped. */
  start(): void {
    void releaseDeadLeases(this.#options.db, hostname()).then(
      (released) => released && this.#options.log('released the jobs of a grading process that died', { released }),
      () => undefined,
    );
    for (let slot = 0; slot < this.#options.concurrency; slot++) this.#loops.push(this.#loop());
  }

  /** Tells idle loops there may be work (a submission just arrived), instead of waiting for the next poll. */
  wake(): void {
    this.#wake?.();
  }

  /** Stops taking work and waits for the gradings in progress; one cut short is retried after its lease. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.wake();
    await Promise.all(this.#loops);
  }

  get busy(): number {
    return this.#running.size;
  }

  async #loop(): Promise<void> {
    while (!this.#stopped) {
      let job: ClaimedJob | undefined;
      try {
        job = await claimJob(this.#options.db, this.name);
      } catch (error) {
        this.#options.log('could not claim a job', { error: (error as Error).message });
      }
      if (job) {
        await this.run(job);
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.#options.pollMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Claims the named job (BullMQ delivers ids) and grades it; false when it was not claimable (done, or another worker's). */
  async runById(jobId: string): Promise<boolean> {
    const job = await claimJob(this.#options.db, this.name, { jobId });
    if (!job) return false;
    await this.run(job);
    return true;
  }

  /** Grades a claimed job, renewing its lease meanwhile, and records the outcome. */
  run(job: ClaimedJob): Promise<void> {
    const done = this.#grade(job).finally(() => this.#running.delete(done));
    this.#running.add(done);
    return done;
  }

  async #grade(job: ClaimedJob): Promise<void> {
    const { db, log } = this.#options;
    const heartbeat = setInterval(() => void renewLease(db, job.id, this.name).catch(() => undefined), LEASE_MS / 3);
    const started = performance.now();
    try {
      const submission = await submissionById(db, job.submissionId);
      if (!submission) return; // deleted with its learner: nothing to grade
      const files = await submissionFiles(db, submission);
      const report = await (this.#options.grade ?? ((lab, f) => gradeFiles(lab, f, this.#options.sandbox)))(submission.lab, files);
      const lab = findLab(submission.lab);
      const counted = await recordGrade(db, job, report, this.name, lab ? checksVersion(lab) : job.checksVersion);
      log('graded', { job: job.id, lab: submission.lab, score: report.score, maxScore: report.maxScore, ms: Math.round(performance.now() - started), counted });
      if (counted) await recordAudit(db, { actor: `worker ${this.name}`, action: 'grade written', subject: submission.id, detail: `${submission.lab}: ${report.score}/${report.maxScore} (checks ${lab ? checksVersion(lab) : job.checksVersion})` });
    } catch (error) {
      const reason = error instanceof InfrastructureError ? error.message : `the grader failed: ${(error as Error).message}`;
      log('not graded', { job: job.id, reason });
      await recordNotGraded(db, job, this.name, reason).catch((failure: Error) => log('could not record the failure', { job: job.id, error: failure.message }));
    } finally {
      clearInterval(heartbeat);
    }
  }
}
