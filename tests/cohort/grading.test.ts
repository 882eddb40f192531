/**
 * Grading in the cohort server, with real processes and the real grader in its sandbox: the grade is the
 * one `operable check` gives; killing the server (embedded) or a worker (PostgreSQL + Redis, two workers)
 * mid-grading loses nothing and grades each submission once; hostile submissions are contained, graded
 * as failures, and the server keeps answering meanwhile.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openDatabase } from '../../src/cohort/db/database.ts';
import { labFolders } from '../../src/engine/node/project-paths.ts';
import { LocalRedis } from '../../src/engine/node/redis-server.ts';
import { editableFilesOf, graded, runCohort, seedCohort, serveCohort, status, submit, type CohortProcess } from './cohort-process.ts';
import { freshPostgres } from './databases.ts';
import { sandboxSupport } from '../../src/engine/node/sandbox.ts';

const LAB = '01-configuration';
const reference = await editableFilesOf(LAB, labFolders(LAB).solution);
const mistake = await editableFilesOf(LAB, join(labFolders(LAB).mistakes, 'coerce-number'));
const MISTAKE_FAILS = 'config.env-numbers-strict';
// Short leases, so a killed worker's job passes to another within seconds instead of a minute.
// A grading refused on an overloaded machine ("not graded, will retry") is retried after 2 s, not 30.
const FAST_RECOVERY = { OPERABLE_LEASE_MS: '6000', OPERABLE_SWEEP_MS: '1000', OPERABLE_RETRY_BASE_MS: '2000' };

const processes: CohortProcess[] = [];
after(() => Promise.all(processes.map((running) => running.stop('SIGKILL'))));
const started = <T extends CohortProcess>(running: T) => (processes.push(running), running);

async function untilStatus(url: string, token: string, id: string, wanted: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await status(url, token, id)).status !== wanted) {
    if (Date.now() > deadline) throw new Error(`never ${wanted}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function gradeRows(database: string): Promise<{ submission_id: string; worker: string }[]> {
  const db = await openDatabase(database);
  try {
    return await db.query('SELECT submission_id, worker FROM grades');
  } finally {
    await db.close();
  }
}

describe('cohort grading', { concurrency: false }, () => {
  test('embedded: graded as `operable check` grades; a server killed mid-grading grades each submission once after its restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'operable-cohort-grading-'));
    after(() => rm(dir, { recursive: true, force: true }));
    const database = join(dir, 'cohort.sqlite');
    const { tokens } = await seedCohort(database, 2, [LAB]);
    const [ada, bo] = [...tokens.values()] as [string, string];
    let server = started(await serveCohort(database, [], FAST_RECOVERY));
    const right = await submit(server.url!, ada, LAB, reference);
    const wrong = await submit(server.url!, bo, LAB, mistake);
    await untilStatus(server.url!, ada, right, 'grading');
    await server.stop('SIGKILL');

    server = started(await serveCohort(database, [], FAST_RECOVERY));
    const url = () => server.url!;
    const [passed, failed] = await Promise.all([graded(url, ada, right), graded(url, bo, wrong)]);
    assert.equal(passed.report?.passed, true, JSON.stringify(passed.report?.checks.filter((check) => !check.passed)));
    assert.equal(passed.report?.score, passed.report?.maxScore);
    assert.equal(failed.report?.passed, false);
    assert.ok(failed.report?.checks.some((check) => check.id === MISTAKE_FAILS && !check.passed), `${MISTAKE_FAILS} fails`);
    const rows = await gradeRows(database);
    assert.deepEqual(rows.map((row) => row.submission_id).sort(), [right, wrong].sort(), 'one grade per submission');
    await server.stop();
    assert.equal(await server.exited, 0, 'SIGTERM stops the server cleanly');
  });

  test('PostgreSQL + Redis: two workers share the grading; killing one mid-grading loses nothing', async (t) => {
    const pg = await freshPostgres();
    if (typeof pg === 'string') return t.skip(pg);
    await pg.db.close();
    const redis = await LocalRedis.launch();
    after(() => redis.dispose());
    const { tokens } = await seedCohort(pg.url, 4, [LAB]);
    const learners = [...tokens.values()];
    const server = started(await serveCohort(pg.url, ['--redis', redis.url], FAST_RECOVERY));
    const workers = [0, 1].map(() => started(runCohort(['worker', '--database', pg.url, '--redis', redis.url, '--concurrency', '1'], FAST_RECOVERY)));
    await Promise.all(workers.map((worker) => worker.waitFor((line) => line.msg === 'cohort worker started')));
    const ids = await Promise.all(learners.map((token, i) => submit(server.url!, token, LAB, i % 2 ? mistake : reference)));

    // Kill the worker that holds the first submission, while it grades it.
    await untilStatus(server.url!, learners[0]!, ids[0]!, 'grading');
    const db = await openDatabase(pg.url);
    const [lease] = await db.query<{ lease_owner: string }>(`SELECT lease_owner FROM grading_jobs WHERE submission_id = $1`, [ids[0]!]);
    await db.close();
    const victimPid = Number(lease!.lease_owner.split(':')[1]);
    const victim = workers.find((worker) => worker.child.pid === victimPid)!;
    assert.ok(victim, 'a worker process holds the lease');
    await victim.stop('SIGKILL');

    const results = await Promise.all(ids.map((id, i) => graded(() => server.url!, learners[i]!, id, 240_000)));
    results.forEach((result, i) => assert.equal(result.report?.passed, i % 2 === 0, `submission ${i}`));
    const rows = await gradeRows(pg.url);
    assert.deepEqual(rows.map((row) => row.submission_id).sort(), [...ids].sort(), 'each submission graded exactly once');
    const survivor = workers.find((worker) => worker !== victim)!;
    assert.ok(rows.find((row) => row.submission_id === ids[0])!.worker.includes(`:${survivor.child.pid}:`), 'the survivor graded the killed worker’s job');
  });

  test('hostile submissions through the cohort server are contained and graded as failures; the server answers throughout', { skip: sandboxSupport().available ? false : 'no sandbox on this machine' }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'operable-cohort-hostile-'));
    after(() => rm(dir, { recursive: true, force: true }));
    const database = join(dir, 'cohort.sqlite');
    const HEALTH = '04-health';
    const { tokens } = await seedCohort(database, 3, [HEALTH]);
    const learners = [...tokens.values()];
    const server = started(await serveCohort(database, [], FAST_RECOVERY));
    const service = (hostile: string) => `import { createServer } from 'node:http';
import * as fs from 'node:fs';
const server = createServer((req, res) => res.end('ok'));
server.listen(Number(process.env.PORT), '127.0.0.1', () => {
  ${hostile}
});
`;
    // The two that threaten the cohort server itself: a CPU hog beside it, and an attempt on its
    // database. Forks and memory balloons are tests/grading/hostile-submissions.test.ts's, sandbox alone.
    const hostile = {
      spin: 'for (;;) {}',
      vandal: `for (const path of [${JSON.stringify(database)}, ${JSON.stringify(`${database}-wal`)}]) { try { fs.writeFileSync(path, 'gone'); } catch {} try { fs.rmSync(path); } catch {} }`,
    };
    const slowest: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const started = performance.now();
        const answer = await fetch(`${server.url}/readyz`).then((response) => response.status, () => 0);
        slowest.push(answer === 200 ? performance.now() - started : Infinity);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    const ids = await Promise.all(Object.values(hostile).map((source, i) => submit(server.url!, learners[i]!, HEALTH, { 'src/server.ts': service(source) })));
    const results = await Promise.all(ids.map((id, i) => graded(() => server.url!, learners[i]!, id, 300_000)));
    const right = await submit(server.url!, learners[2]!, HEALTH, await editableFilesOf(HEALTH, labFolders(HEALTH).solution));
    const afterwards = await graded(() => server.url!, learners[2]!, right, 300_000);
    polling = false;
    await poller;
    results.forEach((result, i) => assert.equal(result.report?.passed, false, `${Object.keys(hostile)[i]} is graded as a failure`));
    assert.equal(afterwards.report?.passed, true, 'a correct submission after them still passes');
    assert.ok(Math.max(...slowest) < 2000, `the server answered /readyz every time within 2 s (slowest ${Math.round(Math.max(...slowest))} ms of ${slowest.length})`);
    const rows = await gradeRows(database);
    assert.equal(rows.length, 3, 'the database is intact: every grade is there');
  });
});

