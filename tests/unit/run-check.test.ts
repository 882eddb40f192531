import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineCheck, fail, InfrastructureError } from '../../src/engine/check.ts';
import type { FakeDependency, RedisServer, ServiceInstance, TraceCollector } from '../../src/engine/harness.ts';
import { defineLab } from '../../src/engine/lab.ts';
import { labReportSchema } from '../../src/engine/report.ts';
import { type DisposableHarness, runCheck, runLab } from '../../src/engine/run-check.ts';

/** A harness that starts nothing and counts what the runner does with it. */
function fakeHarness() {
  const stats = { created: 0, disposed: 0 };
  const factory = (): DisposableHarness => {
    stats.created++;
    return {
      start: async () => ({}) as ServiceInstance,
      startFake: async () => ({}) as FakeDependency,
      startCollector: async () => ({}) as TraceCollector,
      startRedis: async () => ({}) as RedisServer,
      dispose: async () => {
        stats.disposed++;
      },
    };
  };
  return { stats, factory };
}

const base = { points: 2, hint: 'Lesson 99, "Somewhere"' };

test('a passing check has no message and keeps its measurements', async () => {
  const { stats, factory } = fakeHarness();
  const result = await runCheck(
    defineCheck({ ...base, id: 'x.pass', title: 'passes', run: async (c) => c.measure('waitMs', 12.4) }),
    factory,
  );
  assert.equal(result.passed, true);
  assert.equal(result.message, '');
  assert.deepEqual(result.measurements, { waitMs: 12 });
  assert.equal(stats.disposed, 1);
});

test('a check failure says what was expected and observed', async () => {
  const { factory } = fakeHarness();
  const result = await runCheck(defineCheck({ ...base, id: 'x.fail', title: 'fails', run: async () => fail('HTTP 200', 'HTTP 500') }), factory);
  assert.equal(result.passed, false);
  assert.equal(result.message, 'Expected HTTP 200.\nObserved HTTP 500.');
  assert.equal(result.hint, base.hint);
});

test('an unexpected error names the step the check was in', async () => {
  const { factory } = fakeHarness();
  const result = await runCheck(
    defineCheck({
      ...base,
      id: 'x.throws',
      title: 'throws',
      run: async (c) => {
        c.step('parsing the body');
        JSON.parse('not json');
      },
    }),
    factory,
  );
  assert.equal(result.passed, false);
  assert.match(result.message, /^The check could not complete while parsing the body: /);
});

test('a check that hangs times out with its step, and its harness is still disposed', async () => {
  const { stats, factory } = fakeHarness();
  const result = await runCheck(
    defineCheck({
      ...base,
      id: 'x.hangs',
      title: 'hangs',
      timeoutMs: 50,
      run: async (c) => {
        c.step('waiting for the process to exit');
        await new Promise(() => {});
      },
    }),
    factory,
  );
  assert.equal(result.passed, false);
  assert.match(result.message, /did not finish within 0.05 s; it stopped while waiting for the process to exit/);
  assert.equal(stats.disposed, 1);
});

test('an infrastructure error is not a failed check: it propagates, after disposal', async () => {
  const { stats, factory } = fakeHarness();
  await assert.rejects(
    runCheck(
      defineCheck({
        ...base,
        id: 'x.infra',
        title: 'infra',
        run: async () => {
          throw new InfrastructureError('no free port');
        },
      }),
      factory,
    ),
    InfrastructureError,
  );
  assert.equal(stats.disposed, 1);
});

test('a run whose service another program answered for is run once more, and that run stands', async () => {
  const interferences = ['port 41001 was taken by another program', undefined, 'again'];
  let runs = 0;
  const factory = (): DisposableHarness => {
    const interference = interferences.shift();
    return { ...fakeHarness().factory(), interference: async () => interference };
  };
  const check = defineCheck({
    ...base,
    id: 'x.displaced',
    title: 'judges what answered',
    run: async () => {
      if (++runs === 1) fail('3 requests counted', '6: another check\'s traffic');
    },
  });
  const result = await runCheck(check, factory);
  assert.equal(runs, 2);
  assert.equal(result.passed, true, 'the second, clean run is the result');
  runs = 0;
  interferences.splice(0, Infinity, 'first', 'second', undefined);
  await runCheck(check, factory);
  assert.equal(runs, 2, 'at most one rerun: a submission that takes its own port twice is judged on the second run');
});

test('a lab runs its checks in parallel, each with its own harness, and reports in definition order', async () => {
  const { stats, factory } = fakeHarness();
  let running = 0;
  let mostAtOnce = 0;
  const waitingCheck = (id: string, ms: number, passes: boolean) =>
    defineCheck({
      ...base,
      id,
      title: id,
      run: async (c) => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await c.sleep(ms);
        running--;
        if (!passes) fail('a pass', 'a fail');
      },
    });
  const lab = defineLab(
    { id: '99-x', title: 'X', lesson: 'x', summary: 'x', entry: 'src/server.ts', editableFiles: ['src/server.ts'], workspace: { signals: [], requests: [] } },
    [waitingCheck('a.slow', 60, true), waitingCheck('b.fast', 10, false), waitingCheck('c.mid', 30, true)],
  );
  const seen: string[] = [];
  const report = await runLab(lab, factory, { onResult: (r) => seen.push(r.id) });
  assert.equal(mostAtOnce, 3);
  assert.equal(stats.created, 3);
  assert.deepEqual(seen, ['b.fast', 'c.mid', 'a.slow'], 'progress is reported as results arrive');
  assert.deepEqual(report.checks.map((c) => c.id), ['a.slow', 'b.fast', 'c.mid']);
  assert.equal(report.passed, false);
  assert.equal(report.score, 4);
  assert.equal(report.maxScore, 6);
  labReportSchema.parse(report);
  await assert.rejects(runLab(lab, factory, { only: ['nope.unknown'] }), /has no check nope.unknown/);
});

test('a lab refuses two checks with one id', () => {
  const check = defineCheck({ ...base, id: 'a.same', title: 'same', run: async () => {} });
  assert.throws(
    () => defineLab({ id: '99-x', title: 'X', lesson: 'x', summary: 'x', entry: 'src/server.ts', editableFiles: ['a'], workspace: { signals: [], requests: [] } }, [check, check]),
    /defines check a.same twice/,
  );
});
