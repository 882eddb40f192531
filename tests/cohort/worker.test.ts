/**
 * The grading worker in process: it grades what is queued, writes each result once, and turns an
 * infrastructure failure into "not graded, will retry" — never a zero.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InfrastructureError } from '../../src/engine/check.ts';
import { GradingWorker } from '../../src/cohort/worker.ts';
import { createInstructor } from '../../src/cohort/store/accounts.ts';
import { assignLab, createCohort, importRoster, learnersOf } from '../../src/cohort/store/cohorts.ts';
import { storeSubmission } from '../../src/cohort/store/submissions.ts';
import { submissionState } from '../../src/cohort/store/gradebook.ts';
import { freshSqlite } from './databases.ts';
import { fakeReport } from './fake-report.ts';

async function until(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('the worker grades queued submissions, and an infrastructure failure is "not graded, will retry"', async () => {
  const { db } = await freshSqlite();
  const instructor = await createInstructor(db, { email: 'w@example.test', name: 'W', password: 'correct horse battery' });
  const cohort = await createCohort(db, instructor.id, 'C');
  await importRoster(db, cohort.id, [{ name: 'Ada', email: 'ada@example.test' }]);
  await assignLab(db, cohort.id, { lab: '01-configuration', deadline: null, latePolicy: 'accept' });
  const [ada] = await learnersOf(db, cohort.id);
  const ok = await storeSubmission(db, { learnerId: ada!.id, lab: '01-configuration', files: new Map([['src/config.ts', 'good']]), late: false, source: 'cli', checksVersion: 'v1' });
  const broken = await storeSubmission(db, { learnerId: ada!.id, lab: '01-configuration', files: new Map([['src/config.ts', 'overload']]), late: false, source: 'cli', checksVersion: 'v1' });
  const graded: string[] = [];
  const worker = new GradingWorker({
    db,
    concurrency: 2,
    pollMs: 20,
    grade: async (lab, files) => {
      graded.push(files.get('src/config.ts')!);
      if (files.get('src/config.ts') === 'overload') throw new InfrastructureError('the machine was overloaded while grading');
      return fakeReport(lab, ['a'], ['b']);
    },
  });
  worker.start();
  try {
    await until(async () => (await submissionState(db, ok.submission.id))?.status === 'graded' && (await submissionState(db, broken.submission.id))?.status === 'not-graded');
  } finally {
    await worker.stop();
  }
  const good = await submissionState(db, ok.submission.id);
  assert.equal(good?.grade?.score, 2);
  const failed = await submissionState(db, broken.submission.id);
  assert.equal(failed?.grade, null, 'no grade, so no zero');
  assert.match(failed?.reason ?? '', /overloaded.*will retry/);
  assert.deepEqual(graded.sort(), ['good', 'overload'], 'each graded once, the failure not retried at once');
  const audit = await db.query<{ action: string }>('SELECT action FROM audit_log');
  assert.deepEqual(audit.map((row) => row.action), ['grade written']);
});
