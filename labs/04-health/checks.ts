/**
 * @module
 * The checks of lab 04, health and readiness. Each starts its own service and its own fake database
 * (DB_URL), switches the database up, down or hanging, and judges what the probes answer — the way a
 * kubelet or a load balancer would see them.
 *
 * Margins: a probe of the reference answers in 1–15 ms, a readiness timeout of 300 ms fires within
 * ~20 ms of it, and warm-up and drain delays are met within ~20 ms (npm run bench, 2 cores, whole
 * suite in parallel). Thresholds below leave a second or more, while the mistakes they catch are off by
 * seconds, forever, or by dozens of calls.
 */
import { type CheckContext, defineCheck, expectThat, fail } from '../../src/engine/check.ts';
import { describeExit, describeOutcome } from '../../src/engine/describe.ts';
import type { FakeDependency, HttpOutcome, ServiceInstance } from '../../src/engine/harness.ts';

/** Slack for "promptly" on a loaded 2-core machine. */
const PROMPT_MS = 1000;

interface Running {
  service: ServiceInstance;
  db: FakeDependency;
}

/** Starts a fake database and the service pointed at it. */
async function startWithDatabase(context: CheckContext, env: Record<string, string> = {}): Promise<Running> {
  context.step('starting the fake database');
  const db = await context.startFake('database');
  context.step('starting the service');
  const service = await context.start({ env: { DB_URL: db.url, ...env } });
  return { service, db };
}

interface ReadinessBody {
  status?: unknown;
  checks?: { db?: { status?: unknown; latencyMs?: unknown; error?: unknown } };
}

function bodyOf(outcome: HttpOutcome): ReadinessBody | undefined {
  if (outcome.kind !== 'response') return undefined;
  try {
    return JSON.parse(outcome.body) as ReadinessBody;
  } catch {
    return undefined;
  }
}

const shown = (outcome: HttpOutcome) =>
  outcome.kind === 'response' ? `${describeOutcome(outcome)}: ${outcome.body.slice(0, 200) || '(empty body)'}` : describeOutcome(outcome);

/** Waits out the readiness cache so the next probe asks the database again. */
const CACHE_MS = 200;

export const serviceAnswers = defineCheck({
  id: 'service.answers',
  title: 'The service starts and answers GET /',
  points: 1,
  hint: 'Lesson 04, "The lab": the service must listen on process.env.PORT and keep the routes of src/app.ts.',
  async run(context) {
    const { service } = await startWithDatabase(context);
    const outcome = await service.request('/');
    expectThat(outcome.kind === 'response' && outcome.status === 200, 'GET / to answer HTTP 200', () => shown(outcome));
  },
});

export const livenessWithDatabaseDown = defineCheck({
  id: 'health.liveness-with-database-down',
  title: 'Liveness stays 200 while the database is down',
  points: 2,
  hint: 'Lesson 04, "Liveness": /livez answers for the process alone; a database outage must not get every instance restarted.',
  async run(context) {
    // No readiness cache, so a liveness probe that asks the database cannot hide behind a cached "up".
    const { service, db } = await startWithDatabase(context, { READINESS_CACHE_MS: '0' });
    db.setMode({ kind: 'down' });
    db.resetCalls();
    context.step('probing /livez with the database down');
    for (let i = 0; i < 3; i++) {
      const outcome = await service.request('/livez', { timeoutMs: PROMPT_MS });
      expectThat(outcome.kind === 'response' && outcome.status === 200, 'GET /livez to answer 200 with the database down', () => shown(outcome));
    }
    expectThat(db.calls() === 0, 'liveness to make no database call at all', () => `${db.calls()} database calls for 3 liveness probes`);
  },
});

export const livenessWithDatabaseHanging = defineCheck({
  id: 'health.liveness-with-database-hanging',
  title: 'Liveness answers at once while the database hangs',
  points: 2,
  hint: 'Lesson 04, "One endpoint is not enough": a shared handler for both probes makes liveness wait on the database, and a kubelet restarts what looks dead.',
  async run(context) {
    const { service, db } = await startWithDatabase(context, { READINESS_CACHE_MS: '0' });
    db.setMode({ kind: 'hanging' });
    context.step('probing /livez with the database hanging');
    const outcome = await service.request('/livez', { timeoutMs: PROMPT_MS });
    expectThat(
      outcome.kind === 'response' && outcome.status === 200,
      `GET /livez to answer 200 within ${PROMPT_MS} ms while the database hangs`,
      () => shown(outcome),
    );
  },
});

export const readinessUp = defineCheck({
  id: 'health.readiness-up',
  title: 'Readiness is 200 with the database up, and reports it',
  points: 1,
  hint: 'Lesson 04, "Readiness": answer {status, checks: {db: {status, latencyMs}}} so a person can read why.',
  async run(context) {
    const { service } = await startWithDatabase(context);
    const outcome = await service.request('/readyz', { timeoutMs: 3000 });
    expectThat(outcome.kind === 'response' && outcome.status === 200, 'GET /readyz to answer 200 with the database up', () => shown(outcome));
    const db = bodyOf(outcome)?.checks?.db;
    expectThat(
      typeof db?.status === 'string' && typeof db.latencyMs === 'number',
      'a JSON body {status, checks: {db: {status, latencyMs}}}',
      () => (outcome.kind === 'response' ? outcome.body.slice(0, 200) : ''),
    );
  },
});

export const readinessDown = defineCheck({
  id: 'health.readiness-down',
  title: 'Readiness is 503 with the database down, and says why',
  points: 2,
  hint: 'Lesson 04, "Readiness": a failed dependency is a 503 (load balancers read the status code, not the body), with the error in checks.db.',
  async run(context) {
    const { service, db } = await startWithDatabase(context);
    db.setMode({ kind: 'down' });
    const outcome = await service.request('/readyz', { timeoutMs: 3000 });
    expectThat(outcome.kind === 'response' && outcome.status === 503, 'GET /readyz to answer 503 with the database down', () => shown(outcome));
    const dbStatus = bodyOf(outcome)?.checks?.db;
    expectThat(
      typeof dbStatus?.status === 'string' && typeof dbStatus.latencyMs === 'number' && typeof dbStatus.error === 'string',
      'a JSON body {status, checks: {db: {status, latencyMs, error}}}',
      () => (outcome.kind === 'response' ? outcome.body.slice(0, 200) : ''),
    );
  },
});

export const readinessFlipsBothWays = defineCheck({
  id: 'health.readiness-flips-both-ways',
  title: 'Readiness follows the database down and back up',
  points: 2,
  hint: 'Lesson 04, "Cache the answer, briefly": a cached result must expire, or an instance stays out of (or in) rotation forever.',
  async run(context) {
    const { service, db } = await startWithDatabase(context, { READINESS_CACHE_MS: String(CACHE_MS) });
    for (const [mode, status] of [
      ['up', 200],
      ['down', 503],
      ['up', 200],
    ] as const) {
      db.setMode({ kind: mode });
      await context.sleep(CACHE_MS * 2);
      context.step(`probing /readyz with the database ${mode}`);
      const outcome = await service.request('/readyz', { timeoutMs: 3000 });
      expectThat(
        outcome.kind === 'response' && outcome.status === status,
        `GET /readyz to answer ${status} ${2 * CACHE_MS} ms after the database went ${mode} (READINESS_CACHE_MS=${CACHE_MS})`,
        () => shown(outcome),
      );
    }
  },
});

export const readinessTimesOut = defineCheck({
  id: 'health.readiness-timeout',
  title: 'A hanging database makes readiness answer 503 within its timeout, not hang',
  points: 3,
  hint: 'Lesson 04, "Dependency checks need timeouts": pass AbortSignal.timeout(timeoutMs) to the ping; a probe that hangs is a probe that fails late.',
  async run(context) {
    const timeoutMs = 300;
    const { service, db } = await startWithDatabase(context, { READINESS_TIMEOUT_MS: String(timeoutMs) });
    db.setMode({ kind: 'hanging' });
    context.step('probing /readyz with the database hanging');
    const outcome = await service.request('/readyz', { timeoutMs: timeoutMs + PROMPT_MS + 1000 });
    context.measure('readinessAnswerMs', outcome.durationMs);
    expectThat(
      outcome.kind === 'response' && outcome.status === 503 && outcome.durationMs <= timeoutMs + PROMPT_MS,
      `GET /readyz to answer 503 within ${timeoutMs + PROMPT_MS} ms (READINESS_TIMEOUT_MS=${timeoutMs}) while the database hangs`,
      () => shown(outcome),
    );
  },
});

export const readinessCached = defineCheck({
  id: 'health.readiness-cached',
  title: 'Fifty concurrent readiness probes make at most two database calls',
  points: 2,
  hint: 'Lesson 04, "Cache the answer, briefly": reuse a recent result, and let probes that arrive while a check runs share it.',
  async run(context) {
    const { service, db } = await startWithDatabase(context, { READINESS_CACHE_MS: '5000' });
    db.setMode({ kind: 'slow', delayMs: 100 });
    db.resetCalls();
    context.step('sending 50 concurrent GET /readyz');
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => service.request('/readyz', { timeoutMs: 5000 })));
    const failed = outcomes.find((outcome) => outcome.kind !== 'response' || outcome.status !== 200);
    if (failed) fail('every probe to answer 200 with the database up', shown(failed));
    context.measure('databaseCalls', db.calls());
    expectThat(db.calls() <= 2, 'at most 2 database calls for a burst of 50 probes', () => `${db.calls()} database calls`);
  },
});

export const notReadyDuringWarmup = defineCheck({
  id: 'health.not-ready-during-warmup',
  title: 'Readiness is 503 until start-up work is done, while liveness is already 200',
  points: 2,
  hint: 'Lesson 04, "Warm-up": a process that listens is not yet ready; flip readiness only when markReady() is called.',
  async run(context) {
    const warmupMs = 2000;
    const { service } = await startWithDatabase(context, { WARMUP_MS: String(warmupMs) });
    context.step('probing during warm-up');
    const early = await service.request('/readyz', { timeoutMs: 3000 });
    const live = await service.request('/livez', { timeoutMs: PROMPT_MS });
    expectThat(
      early.kind === 'response' && early.status === 503,
      `GET /readyz to answer 503 during a ${warmupMs} ms warm-up (probed ${service.elapsedMs()} ms after start)`,
      () => shown(early),
    );
    expectThat(live.kind === 'response' && live.status === 200, 'GET /livez to answer 200 during warm-up', () => shown(live));
    // Warm-up starts when the service listens, which a loaded machine may delay: poll for the flip.
    context.step('probing until warm-up is done');
    const deadline = service.elapsedMs() + warmupMs + 2 * PROMPT_MS;
    let later: HttpOutcome = early;
    while (service.elapsedMs() < deadline) {
      later = await service.request('/readyz', { timeoutMs: 3000 });
      if (later.kind === 'response' && later.status === 200) break;
      await context.sleep(100);
    }
    expectThat(
      later.kind === 'response' && later.status === 200,
      `GET /readyz to answer 200 once the ${warmupMs} ms warm-up is done`,
      () => `still ${shown(later)} ${warmupMs + 2 * PROMPT_MS} ms after the first probe`,
    );
  },
});

export const notReadyAfterSigterm = defineCheck({
  id: 'health.not-ready-after-sigterm',
  needs: ['signals'],
  title: 'From SIGTERM on, readiness is 503 while the service still serves, then it exits 0',
  points: 3,
  hint: 'Lesson 04, "Draining": markDraining() must flip readiness at once, so the load balancer stops routing while in-flight work finishes.',
  async run(context) {
    const delayMs = 1500;
    const { service } = await startWithDatabase(context, { SHUTDOWN_DELAY_MS: String(delayMs) });
    const before = await service.request('/readyz', { timeoutMs: 3000 });
    if (before.kind !== 'response' || before.status !== 200) fail('GET /readyz to answer 200 before SIGTERM', shown(before));
    service.signal('SIGTERM');
    await context.sleep(100);
    context.step('probing after SIGTERM');
    const ready = await service.request('/readyz', { timeoutMs: PROMPT_MS });
    const live = await service.request('/livez', { timeoutMs: PROMPT_MS });
    expectThat(ready.kind === 'response' && ready.status === 503, 'GET /readyz to answer 503 right after SIGTERM', () => shown(ready));
    expectThat(live.kind === 'response' && live.status === 200, 'GET /livez to still answer 200 while draining', () => shown(live));
    context.step('waiting for the exit');
    const exit = await service.waitForExit(delayMs + 5000);
    expectThat(exit?.code === 0, `exit code 0 after the ${delayMs} ms drain delay`, () => (exit ? describeExit(exit) : 'still running'));
  },
});

export const checks = [
  serviceAnswers,
  livenessWithDatabaseDown,
  livenessWithDatabaseHanging,
  readinessUp,
  readinessDown,
  readinessFlipsBothWays,
  readinessTimesOut,
  readinessCached,
  notReadyDuringWarmup,
  notReadyAfterSigterm,
];
