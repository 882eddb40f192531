/**
 * The cohort store and its grading queue, on SQLite and on PostgreSQL: migrations, atomic submissions
 * over content-addressed blobs, leases a dead worker gives up, results written once, retries of
 * infrastructure failures, and which submission the gradebook counts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { migrate } from '../../src/cohort/db/migrations.ts';
import { createInstructor } from '../../src/cohort/store/accounts.ts';
import { assignLab, createCohort, importRoster, learnersOf, type LatePolicy } from '../../src/cohort/store/cohorts.ts';
import { storeSubmission, submissionById, submissionFiles } from '../../src/cohort/store/submissions.ts';
import { claimJob, enqueueRegrade, LEASE_MS, MAX_ATTEMPTS, recordGrade, recordNotGraded, retryDelayMs } from '../../src/cohort/queue/job-table.ts';
import { gradebook } from '../../src/cohort/store/gradebook.ts';
import type { Database } from '../../src/cohort/db/database.ts';
import { DIALECTS } from './databases.ts';
import { fakeReport } from './fake-report.ts';


async function cohortWithLearner(db: Database, policy: LatePolicy = 'accept-and-flag', deadline: number | null = null) {
  const instructor = await createInstructor(db, { email: `i${Math.random()}@example.test`, name: 'Ina', password: 'correct horse battery' });
  const cohort = await createCohort(db, instructor.id, 'Autumn');
  await importRoster(db, cohort.id, [{ name: 'Ada', email: 'ada@example.test' }, { name: 'Bo', email: 'bo@example.test', externalId: 'S2' }]);
  await assignLab(db, cohort.id, { lab: '01-configuration', deadline, latePolicy: policy });
  const [ada, bo] = await learnersOf(db, cohort.id);
  return { cohort, ada: ada!, bo: bo! };
}

const files = (text: string) => new Map([['src/config.ts', text]]);

for (const [dialect, open] of DIALECTS) {
  describe(`cohort store on ${dialect}`, () => {
    async function database(t: { skip(reason: string): void }) {
      const opened = await open();
      if (typeof opened === 'string') {
        t.skip(opened);
        return undefined;
      }
      return opened.db;
    }

    test('migrations apply once', async (t) => {
      const db = await database(t);
      if (!db) return;
      assert.deepEqual(await migrate(db), []);
      const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
      assert.deepEqual(rows.map((row) => Number(row.version)), [1]);
    });

    test('a submission is its blobs, its row and its job, or nothing', async (t) => {
      const db = await database(t);
      if (!db) return;
      const { ada } = await cohortWithLearner(db);
      const first = await storeSubmission(db, { learnerId: ada.id, lab: '01-configuration', files: files('same text'), late: false, source: 'cli', checksVersion: 'v1' });
      await storeSubmission(db, { learnerId: ada.id, lab: '01-configuration', files: files('same text'), late: false, source: 'workspace', checksVersion: 'v1' });
      const [blobs] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM blobs');
      assert.equal(Number(blobs!.n), 1, 'the same content is stored once');
      const stored = await submissionById(db, first.submission.id);
      assert.deepEqual(await submissionFiles(db, stored!), files('same text'));
      // A learner who does not exist: the row fails, so the blob written before it in the transaction goes too.
      await assert.rejects(storeSubmission(db, { learnerId: 'nobody', lab: '01-configuration', files: files('orphan'), late: false, source: 'cli', checksVersion: 'v1' }));
      const orphan = await db.query('SELECT 1 FROM blobs WHERE content = $1', ['orphan']);
      assert.equal(orphan.length, 0, 'no blob survives a failed submission');
    });

    test('a lease a worker stops renewing passes to another; the result is written once', async (t) => {
      const db = await database(t);
      if (!db) return;
      const { ada } = await cohortWithLearner(db);
      const { jobId } = await storeSubmission(db, { learnerId: ada.id, lab: '01-configuration', files: files('x'), late: false, source: 'cli', checksVersion: 'v1' });
      const first = await claimJob(db, 'worker-a');
      assert.equal(first?.id, jobId);
      assert.equal(await claimJob(db, 'worker-b'), undefined, 'a leased job is not claimable');
      const taken = await claimJob(db, 'worker-b', { now: Date.now() + LEASE_MS + 1 });
      assert.equal(taken?.id, jobId, 'an expired lease is claimable');
      assert.equal(taken?.attempts, 2);
      assert.equal(await recordGrade(db, taken!, fakeReport('01-configuration', ['a'], ['b']), 'worker-b', 'v1'), true);
      assert.equal(await recordGrade(db, first!, fakeReport('01-configuration', ['a', 'b'], []), 'worker-a', 'v1'), false, 'the slow worker’s result does not count');
      const grades = await db.query<{ score: number }>('SELECT score FROM grades WHERE job_id = $1', [jobId]);
      assert.deepEqual(grades.map((row) => Number(row.score)), [2]);
      const checks = await db.query('SELECT check_id FROM check_results WHERE job_id = $1', [jobId]);
      assert.equal(checks.length, 2);
    });

    test('an infrastructure failure is retried later, and left for the instructor after the last attempt', async (t) => {
      const db = await database(t);
      if (!db) return;
      const { ada } = await cohortWithLearner(db);
      await storeSubmission(db, { learnerId: ada.id, lab: '01-configuration', files: files('y'), late: false, source: 'cli', checksVersion: 'v1' });
      let now = Date.now();
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const job = await claimJob(db, 'w', { now });
        assert.ok(job, `attempt ${attempt} claims the job`);
        await recordNotGraded(db, job, 'w', 'the machine was overloaded');
        const rows: { status: string; reason: string }[] = await db.query('SELECT status, reason FROM grading_jobs WHERE id = $1', [job.id]);
        assert.equal(rows[0]!.status, 'not-graded');
        assert.match(rows[0]!.reason, attempt < MAX_ATTEMPTS ? /will retry/ : /gave up after 5 attempts/);
        assert.equal(await claimJob(db, 'w', { now: Date.now() }), undefined, 'not retried at once');
        now = Date.now() + retryDelayMs(attempt) + 1000;
      }
      assert.equal(await claimJob(db, 'w', { now: now + 10 * 60_000 }), undefined, 'no attempt after the last');
    });

    test('workers claiming at once never share a job', async (t) => {
      const db = await database(t);
      if (!db) return;
      const { ada } = await cohortWithLearner(db);
      const ids = new Set<string>();
      for (let i = 0; i < 12; i++) ids.add((await storeSubmission(db, { learnerId: ada.id, lab: '01-configuration', files: files(`z${i}`), late: false, source: 'cli', checksVersion: 'v1' })).jobId);
      const claimed: string[] = [];
      await Promise.all(
        Array.from({ length: 4 }, async (_, w) => {
          for (let job = await claimJob(db, `w${w}`); job; job = await claimJob(db, `w${w}`)) claimed.push(job.id);
        }),
      );
      assert.equal(claimed.length, 12);
      assert.deepEqual(new Set(claimed), ids);
    });

    test('the gradebook counts the latest submission before the deadline, and late work per the policy', async (t) => {
      const db = await database(t);
      if (!db) return;
      const deadline = Date.now() - 60_000;
      const { cohort, ada, bo } = await cohortWithLearner(db, 'accept-and-flag', deadline);
      const early = await storeSubmission(db, { learnerId: ada.id, lab: '01-configuration', files: files('early'), late: false, source: 'cli', checksVersion: 'v1' });
      await db.run('UPDATE submissions SET created_at = $1 WHERE id = $2', [deadline - 1000, early.submission.id]);
      await storeSubmission(db, { learnerId: ada.id, lab: '01-configuration', files: files('after'), late: true, source: 'cli', checksVersion: 'v1' });
      await storeSubmission(db, { learnerId: bo.id, lab: '01-configuration', files: files('bo late'), late: true, source: 'cli', checksVersion: 'v1' });
      for (let job = await claimJob(db, 'w'); job; job = await claimJob(db, 'w')) {
        const [submission] = await db.query<{ learner_id: string; id: string }>('SELECT s.learner_id, s.id FROM submissions s WHERE s.id = $1', [job.submissionId]);
        const passed = submission!.id === early.submission.id ? ['a', 'b'] : ['a'];
        await recordGrade(db, job, fakeReport('01-configuration', passed, passed.length === 2 ? [] : ['b']), 'w', 'v1');
      }
      const book = await gradebook(db, cohort.id);
      const adaRow = book.rows.find((row) => row.learner.id === ada.id)!;
      assert.equal(adaRow.cells[0]!.counted?.submissionId, early.submission.id, 'the on-time submission counts, not the later late one');
      assert.equal(adaRow.cells[0]!.late, false);
      assert.equal(adaRow.total, 4);
      const boRow = book.rows.find((row) => row.learner.id === bo.id)!;
      assert.equal(boRow.cells[0]!.late, true, 'only late work: counted and flagged');
      assert.equal(boRow.cells[0]!.counted?.grade?.score, 2);
      assert.deepEqual(book.failures['01-configuration']?.[0], { checkId: 'b', failed: 1, graded: 2 });

      await assignLab(db, cohort.id, { lab: '01-configuration', deadline, latePolicy: 'refuse' });
      const refused = await gradebook(db, cohort.id);
      assert.equal(refused.rows.find((row) => row.learner.id === bo.id)!.cells[0]!.counted, null, 'under "refuse", late work does not count');
    });

    test('a regrade queues each submission once', async (t) => {
      const db = await database(t);
      if (!db) return;
      const { ada } = await cohortWithLearner(db);
      const { submission } = await storeSubmission(db, { learnerId: ada.id, lab: '01-configuration', files: files('r'), late: false, source: 'cli', checksVersion: 'v1' });
      assert.deepEqual(await enqueueRegrade(db, [{ id: submission.id, checksVersion: 'v1' }]), [], 'already waiting under the same checks');
      assert.equal((await enqueueRegrade(db, [{ id: submission.id, checksVersion: 'v2' }])).length, 1);
      assert.equal((await enqueueRegrade(db, [{ id: submission.id, checksVersion: 'v2' }])).length, 0);
    });
  });
}
