/**
 * @module
 * The checks of lab 04, health and readiness. Each starts its own service and its own fake database
 * (DB_URL), switches the database up, down, slow or hanging, and judges what the probes answer — the
 * way a kubelet or a load balancer would see them — and what the service logs.
 *
 * Each requirement lesson 04 states (its section in brackets) → the checks that prove it:
 *
 * - listens on HOST: started with HOST=127.0.0.2, answers there → service.listens-on-host
 * - listens on PORT and HOST, keeps the routes of src/app.ts ("The lab") → service.answers, and every check
 * - stdout is JSON lines with level, msg and time ("The lab") → logs.structured
 * - /livez is 200 with the database down, and never calls it ("Liveness") → health.liveness-with-database-down
 * - /livez answers at once while the database hangs ("One endpoint is not enough")
 *   → health.liveness-with-database-hanging
 * - /readyz 200 {status "ok", checks.db {status "up", latencyMs}} ("The response body") → health.readiness-up
 * - /readyz 503 {status "unavailable", checks.db {status "down", latencyMs, error}} ("The response body")
 *   → health.readiness-down
 * - error says why: the failure's cause, the error status the database answered (an error without a
 *   cause), or the timeout in ms ("AbortSignal.timeout()")
 *   → health.readiness-error-says-why
 * - latencyMs is how long the check took, in ms ("The response body")
 *   → health.readiness-slow-database, health.readiness-error-says-why
 * - the ping gives up after READINESS_TIMEOUT_MS ("Dependency checks need timeouts") → health.readiness-timeout
 * - and not sooner: a database slower than usual but within READINESS_TIMEOUT_MS is up ("Choosing the timeout")
 *   → health.readiness-slow-database
 * - a result is reused for READINESS_CACHE_MS ("Cache the answer, briefly") → health.readiness-cache-window
 * - probes that arrive while a ping runs share it ("Cache the answer, briefly") → health.readiness-cached
 * - failures are cached too ("How long to cache") → health.readiness-caches-failures
 * - the cached result expires ("How long to cache") → health.readiness-flips-both-ways
 * - 503 "starting" until markReady(), /livez 200 meanwhile ("Warm-up") → health.not-ready-during-warmup
 * - while starting, 503 at once without asking the database ("The response body")
 *   → health.not-ready-without-database
 * - 503 "draining" from SIGTERM on, /livez 200 while still serving, exit 0 after SHUTDOWN_DELAY_MS ("Draining")
 *   → health.not-ready-after-sigterm
 * - draining is final: a SIGTERM during warm-up wins, and draining asks no database ("Warm-up", "Draining")
 *   → health.sigterm-during-warmup-stays-draining
 * - defaults READINESS_TIMEOUT_MS 500 and READINESS_CACHE_MS 1000 ("The lab") → health.readiness-defaults
 * - defaults WARMUP_MS 0, SHUTDOWN_DELAY_MS 5000 ("The lab") → every check that does not set them (lab.json
 *   sets none): WARMUP_MS in health.readiness-up and most others; SHUTDOWN_DELAY_MS in
 *   health.sigterm-during-warmup-stays-draining, which probes 3.5 s past SIGTERM
 * - one log line per change of the database's status, an outage at warn or error, none per probe
 *   ("The response body") → logs.database-status-changes
 *
 * Not checked, with the reason in the lesson's "Pitfalls": which other services a check asks, the prober's
 * own timeout, where the probes are exposed, how heavy the ping is, a preStop sleep beside the delay.
 *
 * Margins: a probe of the reference answers in 1–15 ms, a readiness timeout of 300 ms fires within
 * ~20 ms of it, and warm-up and drain delays are met within ~20 ms (npm run bench, 2 cores, whole
 * suite in parallel). Thresholds below leave a second or more, while the mistakes they catch are off by
 * seconds, forever, by dozens of calls, or by a factor of a thousand.
 */
import { listensOnHost } from '../../src/engine/common-checks.ts';
import { type CheckContext, defineCheck, expectThat, fail } from '../../src/engine/check.ts';
import { describeExit, describeOutcome } from '../../src/engine/describe.ts';
import type { FakeDependency, HttpOutcome, LogLine, ServiceInstance } from '../../src/engine/harness.ts';
import { firstUnstructuredLine, stdoutLines } from '../../src/engine/structured-logs.ts';

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

const isStatus = (outcome: HttpOutcome, status: number) => outcome.kind === 'response' && outcome.status === status;

/**
 * For checks about something else than the timeout: a ping that a loaded machine slows past the default
 * 500 ms must not count as a database outage. health.readiness-defaults tries the default.
 */
const SLOW_MACHINE_TIMEOUT = { READINESS_TIMEOUT_MS: '2500' };

/** Waits out the readiness cache so the next probe asks the database again. */
const CACHE_MS = 200;

/** Sends GET /readyz one probe at a time, a little apart, for `forMs`: as one prober polling in a loop. */
async function probeInTurn(context: CheckContext, service: ServiceInstance, forMs: number): Promise<HttpOutcome[]> {
  const outcomes: HttpOutcome[] = [];
  const until = service.elapsedMs() + forMs;
  while (service.elapsedMs() < until) {
    outcomes.push(await service.request('/readyz', { timeoutMs: 3000 }));
    await context.sleep(100);
  }
  return outcomes;
}

/** Five probes with the database up, five with it down, five with it back up; no cache, so each one pings. */
async function probeThroughOutage(context: CheckContext, { service, db }: Running): Promise<void> {
  for (const mode of ['up', 'down', 'up'] as const) {
    db.setMode({ kind: mode });
    context.step(`probing /readyz with the database ${mode}`);
    for (let i = 0; i < 5; i++) await service.request('/readyz', { timeoutMs: 3000 });
  }
}

/** Log lines as a learner recognises them: level and message, or the raw text when it is not JSON. */
const quoted = (lines: LogLine[]) =>
  lines.map((line) => (line.json ? `${String(line.json.level)} "${String(line.json.msg)}"` : JSON.stringify(line.text.slice(0, 120)))).join(', ');

export const serviceAnswers = defineCheck({
  id: 'service.answers',
  title: 'The service starts and answers GET /',
  points: 1,
  hint: 'Lesson 04, "The lab": the service must listen on process.env.PORT and keep the routes of src/app.ts.',
  async run(context) {
    const { service } = await startWithDatabase(context);
    const outcome = await service.request('/');
    expectThat(isStatus(outcome, 200), 'GET / to answer HTTP 200', () => shown(outcome));
  },
});

export const logsAreStructured = defineCheck({
  id: 'logs.structured',
  title: 'Every line the service prints to stdout is a JSON log with level, msg and time',
  points: 1,
  hint: 'Lesson 04, "The lab": log through the `log` that createHealth() receives, never console.log with free text.',
  async run(context) {
    const running = await startWithDatabase(context, { ...SLOW_MACHINE_TIMEOUT, READINESS_CACHE_MS: '0' });
    await probeThroughOutage(context, running);
    await context.sleep(300);
    const bad = firstUnstructuredLine(running.service);
    expectThat(
      !bad,
      'every stdout line, through a database outage too, to be a JSON object with string fields level, msg and time',
      () => `the line ${JSON.stringify(bad!.text.slice(0, 200))}`,
    );
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
      expectThat(isStatus(outcome, 200), 'GET /livez to answer 200 with the database down', () => shown(outcome));
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
    expectThat(isStatus(outcome, 200), `GET /livez to answer 200 within ${PROMPT_MS} ms while the database hangs`, () => shown(outcome));
  },
});

export const readinessUp = defineCheck({
  id: 'health.readiness-up',
  title: 'Readiness is 200 with the database up, and reports it',
  points: 1,
  hint: 'Lesson 04, "The response body": answer {"status":"ok","checks":{"db":{"status":"up","latencyMs":3}}} so a person can read why.',
  async run(context) {
    const { service } = await startWithDatabase(context, SLOW_MACHINE_TIMEOUT);
    const outcome = await service.request('/readyz', { timeoutMs: 3000 });
    expectThat(isStatus(outcome, 200), 'GET /readyz to answer 200 with the database up', () => shown(outcome));
    const body = bodyOf(outcome);
    expectThat(
      body?.status === 'ok' && body.checks?.db?.status === 'up' && typeof body.checks.db.latencyMs === 'number',
      'the body of the lesson\'s contract, {"status":"ok","checks":{"db":{"status":"up","latencyMs":…}}}',
      () => shown(outcome),
    );
  },
});

export const readinessDown = defineCheck({
  id: 'health.readiness-down',
  title: 'Readiness is 503 with the database down, and says why',
  points: 2,
  hint: 'Lesson 04, "The response body": a failed dependency is a 503 (load balancers read the status code, not the body), with status "unavailable" and the error in checks.db.',
  async run(context) {
    const { service, db } = await startWithDatabase(context);
    db.setMode({ kind: 'down' });
    const outcome = await service.request('/readyz', { timeoutMs: 3000 });
    expectThat(isStatus(outcome, 503), 'GET /readyz to answer 503 with the database down', () => shown(outcome));
    const body = bodyOf(outcome);
    const dbStatus = body?.checks?.db;
    expectThat(
      body?.status === 'unavailable' && dbStatus?.status === 'down' && typeof dbStatus.latencyMs === 'number' && typeof dbStatus.error === 'string',
      'the body of the lesson\'s contract, {"status":"unavailable","checks":{"db":{"status":"down","latencyMs":…,"error":"…"}}}',
      () => shown(outcome),
    );
  },
});

/** Words of a failure's cause (undici's "other side closed", ECONNREFUSED, ECONNRESET …), as opposed to "fetch failed". */
const NAMES_A_CAUSE = /closed|reset|refused|ECONN|socket|hang up/i;

export const readinessErrorSaysWhy = defineCheck({
  id: 'health.readiness-error-says-why',
  title: 'checks.db.error says why the database failed: its cause, the error status it answered, or the timeout that ran out',
  points: 2,
  hint: 'Lesson 04, "AbortSignal.timeout()": an error named TimeoutError becomes "no answer within N ms"; any other error is reported by its cause\'s message, since fetch\'s own is only "fetch failed".',
  async run(context) {
    // Long enough that a refused connection on a loaded machine is still reported by its cause, not as a timeout.
    const timeoutMs = 1500;
    const { service, db } = await startWithDatabase(context, { READINESS_TIMEOUT_MS: String(timeoutMs), READINESS_CACHE_MS: '0' });
    db.setMode({ kind: 'down' });
    context.step('probing /readyz with the database down');
    const down = await service.request('/readyz', { timeoutMs: 3000 });
    const downError = bodyOf(down)?.checks?.db?.error;
    expectThat(
      isStatus(down, 503) && typeof downError === 'string' && NAMES_A_CAUSE.test(downError),
      'with the database dropping connections, a 503 whose checks.db.error names the cause (the database closed the connection), not just "fetch failed"',
      () => shown(down),
    );

    db.setMode({ kind: 'failing', status: 500 });
    context.step('probing /readyz with the database answering HTTP 500');
    const failing = await service.request('/readyz', { timeoutMs: 3000 });
    const failingError = bodyOf(failing)?.checks?.db?.error;
    expectThat(
      isStatus(failing, 503) && typeof failingError === 'string' && failingError.includes('500'),
      'with the database answering HTTP 500, a 503 whose checks.db.error says so ("the database answered 500"): an error with no cause is reported by its own message',
      () => shown(failing),
    );

    db.setMode({ kind: 'hanging' });
    context.step('probing /readyz with the database hanging');
    const hung = await service.request('/readyz', { timeoutMs: timeoutMs + PROMPT_MS + 1000 });
    const hungDb = bodyOf(hung)?.checks?.db;
    expectThat(
      isStatus(hung, 503) && typeof hungDb?.error === 'string' && hungDb.error.includes(String(timeoutMs)),
      `with the database hanging and READINESS_TIMEOUT_MS=${timeoutMs}, a 503 whose checks.db.error says there was no answer within ${timeoutMs} ms`,
      () => shown(hung),
    );
    expectThat(
      typeof hungDb.latencyMs === 'number' && hungDb.latencyMs >= timeoutMs * 0.8,
      `checks.db.latencyMs to be the time the check waited, about ${timeoutMs} ms`,
      () => shown(hung),
    );
  },
});

export const readinessSlowDatabase = defineCheck({
  id: 'health.readiness-slow-database',
  title: 'A slow database that answers within READINESS_TIMEOUT_MS is up, and latencyMs shows how slow',
  points: 2,
  hint: 'Lesson 04, "Choosing the timeout": give AbortSignal.timeout() the timeoutMs that comes from READINESS_TIMEOUT_MS, not a number of your own; latencyMs is performance.now() after the ping minus before it, in ms.',
  async run(context) {
    const timeoutMs = 3000;
    const delayMs = 800;
    const { service, db } = await startWithDatabase(context, { READINESS_TIMEOUT_MS: String(timeoutMs) });
    db.setMode({ kind: 'slow', delayMs });
    context.step(`probing /readyz with a database that answers in ${delayMs} ms`);
    const outcome = await service.request('/readyz', { timeoutMs: timeoutMs + PROMPT_MS + 1000 });
    expectThat(
      isStatus(outcome, 200),
      `GET /readyz to answer 200 when the database answers in ${delayMs} ms and READINESS_TIMEOUT_MS=${timeoutMs}`,
      () => shown(outcome),
    );
    const latencyMs = bodyOf(outcome)?.checks?.db?.latencyMs;
    // The ping cannot take less than the database's delay, nor longer than the whole request did.
    expectThat(
      typeof latencyMs === 'number' && latencyMs >= delayMs * 0.9 && latencyMs <= outcome.durationMs + 1,
      `checks.db.latencyMs to be the ping's duration in milliseconds: at least ${delayMs * 0.9}, at most the ${outcome.durationMs} ms the whole request took`,
      () => `latencyMs ${JSON.stringify(latencyMs)}`,
    );
  },
});

export const readinessFlipsBothWays = defineCheck({
  id: 'health.readiness-flips-both-ways',
  title: 'Readiness follows the database down and back up',
  points: 2,
  hint: 'Lesson 04, "Cache the answer, briefly": a cached result must expire, or an instance stays out of (or in) rotation forever.',
  async run(context) {
    const { service, db } = await startWithDatabase(context, { ...SLOW_MACHINE_TIMEOUT, READINESS_CACHE_MS: String(CACHE_MS) });
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
        isStatus(outcome, status),
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
      isStatus(outcome, 503) && outcome.durationMs <= timeoutMs + PROMPT_MS,
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
    const { service, db } = await startWithDatabase(context, { ...SLOW_MACHINE_TIMEOUT, READINESS_CACHE_MS: '5000' });
    db.setMode({ kind: 'slow', delayMs: 100 });
    db.resetCalls();
    context.step('sending 50 concurrent GET /readyz');
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => service.request('/readyz', { timeoutMs: 5000 })));
    const failed = outcomes.find((outcome) => !isStatus(outcome, 200));
    if (failed) fail('every probe to answer 200 with the database up', shown(failed));
    context.measure('databaseCalls', db.calls());
    expectThat(db.calls() <= 2, 'at most 2 database calls for a burst of 50 probes', () => `${db.calls()} database calls`);
  },
});

export const readinessCacheWindow = defineCheck({
  id: 'health.readiness-cache-window',
  title: 'Probes one after another reuse one result for READINESS_CACHE_MS',
  points: 2,
  hint: 'Lesson 04, "Cache the answer, briefly": keep the last result with the time it arrived and reuse it while it is younger than cacheMs (READINESS_CACHE_MS); sharing the check in flight alone does not help probes that come one at a time.',
  async run(context) {
    const cacheMs = 8000;
    const forMs = 3000;
    const { service, db } = await startWithDatabase(context, { ...SLOW_MACHINE_TIMEOUT, READINESS_CACHE_MS: String(cacheMs) });
    db.resetCalls();
    context.step(`probing /readyz one after another for ${forMs} ms`);
    const outcomes = await probeInTurn(context, service, forMs);
    const failed = outcomes.find((outcome) => !isStatus(outcome, 200));
    if (failed) fail('every probe to answer 200 with the database up', shown(failed));
    context.measure('databaseCalls', db.calls());
    // Two, not one, so a stray request to the fake cannot fail a correct service; a one-second cache makes three.
    expectThat(
      db.calls() <= 2,
      `at most two database calls (a cache makes one) for ${outcomes.length} probes over ${forMs} ms with READINESS_CACHE_MS=${cacheMs}`,
      () => `${db.calls()} database calls`,
    );
  },
});

export const readinessCachesFailures = defineCheck({
  id: 'health.readiness-caches-failures',
  title: 'With the database down, probes reuse the failure instead of pinging it again and again',
  points: 2,
  hint: 'Lesson 04, "How long to cache": cache failures too; a cache that keeps only successes pings a database that is down on every probe, loading it most while it tries to recover.',
  async run(context) {
    // A window as long as the probing: a correct cache pings once, or twice if the window ends just before the probing does.
    const cacheMs = 1500;
    const forMs = 1500;
    const { service, db } = await startWithDatabase(context, { READINESS_CACHE_MS: String(cacheMs) });
    db.setMode({ kind: 'down' });
    db.resetCalls();
    context.step(`probing /readyz one after another for ${forMs} ms with the database down`);
    const outcomes = await probeInTurn(context, service, forMs);
    const wrong = outcomes.find((outcome) => !isStatus(outcome, 503));
    if (wrong) fail('every probe to answer 503 with the database down', shown(wrong));
    context.measure('databaseCalls', db.calls());
    expectThat(
      db.calls() <= 2,
      `at most two database calls for ${outcomes.length} probes over ${forMs} ms with the database down and READINESS_CACHE_MS=${cacheMs}`,
      () => `${db.calls()} database calls`,
    );
  },
});

export const readinessDefaults = defineCheck({
  id: 'health.readiness-defaults',
  title: 'Without READINESS_CACHE_MS and READINESS_TIMEOUT_MS, readiness caches for a second and gives up after 500 ms',
  points: 1,
  hint: 'Lesson 04, "The lab": src/server.ts passes timeoutMs from READINESS_TIMEOUT_MS (default 500) and cacheMs from READINESS_CACHE_MS (default 1000); keep both defaults, and use what createHealth() receives.',
  async run(context) {
    const { service, db } = await startWithDatabase(context);
    context.step('probing /readyz with the database up');
    const first = await service.request('/readyz', { timeoutMs: 3000 });
    if (!isStatus(first, 200)) fail('GET /readyz to answer 200 with the database up and READINESS_TIMEOUT_MS unset (default 500)', shown(first));
    db.setMode({ kind: 'hanging' });
    context.step('probing again at once, the database now hanging');
    const cached = await service.request('/readyz', { timeoutMs: 3000 });
    expectThat(
      isStatus(cached, 200),
      'a probe right after the first, with READINESS_CACHE_MS unset, to get the cached 200 (the default cache is one second)',
      () => `${shown(cached)}: the database was asked again`,
    );
    // 1500 ms: the one-second window has passed, whatever the machine's load did to the first answer.
    await context.sleep(1500);
    context.step('probing once the default cache has expired, the database hanging');
    const expired = await service.request('/readyz', { timeoutMs: 500 + PROMPT_MS + 1000 });
    expectThat(
      isStatus(expired, 503) && expired.durationMs <= 500 + PROMPT_MS,
      `GET /readyz, 1.5 s later, to answer 503 within ${500 + PROMPT_MS} ms (default READINESS_TIMEOUT_MS 500, the cache expired)`,
      () => shown(expired),
    );
  },
});

export const notReadyDuringWarmup = defineCheck({
  id: 'health.not-ready-during-warmup',
  title: 'Readiness is 503 "starting" until start-up work is done, while liveness is already 200',
  points: 2,
  hint: 'Lesson 04, "Warm-up": a process that listens is not yet ready; answer 503 with {"status":"starting"} and flip readiness only when markReady() is called.',
  async run(context) {
    const warmupMs = 2000;
    const { service } = await startWithDatabase(context, { ...SLOW_MACHINE_TIMEOUT, WARMUP_MS: String(warmupMs) });
    context.step('probing during warm-up');
    const early = await service.request('/readyz', { timeoutMs: 3000 });
    const live = await service.request('/livez', { timeoutMs: PROMPT_MS });
    expectThat(
      isStatus(early, 503) && bodyOf(early)?.status === 'starting',
      `GET /readyz to answer 503 with status "starting" during a ${warmupMs} ms warm-up (probed ${service.elapsedMs()} ms after spawn; the warm-up starts when the service listens)`,
      () => shown(early),
    );
    expectThat(isStatus(live, 200), 'GET /livez to answer 200 during warm-up', () => shown(live));
    // Warm-up starts when the service listens, which a loaded machine may delay: poll for the flip.
    context.step('probing until warm-up is done');
    const deadline = service.elapsedMs() + warmupMs + 2 * PROMPT_MS;
    let later: HttpOutcome = early;
    while (service.elapsedMs() < deadline) {
      later = await service.request('/readyz', { timeoutMs: 3000 });
      if (isStatus(later, 200)) break;
      await context.sleep(100);
    }
    expectThat(
      isStatus(later, 200),
      `GET /readyz to answer 200 once the ${warmupMs} ms warm-up is done`,
      () => `still ${shown(later)} ${warmupMs + 2 * PROMPT_MS} ms after the first probe`,
    );
  },
});

export const notReadyWithoutDatabase = defineCheck({
  id: 'health.not-ready-without-database',
  title: 'While starting, readiness answers 503 at once, without asking the database',
  points: 2,
  hint: 'Lesson 04, "The response body": while starting or draining, checks is empty: the handler answers with the phase before asking the database anything.',
  async run(context) {
    // A long warm-up, and a hanging database with a long timeout: a handler that pings first answers late.
    const { service, db } = await startWithDatabase(context, { WARMUP_MS: '60000', READINESS_TIMEOUT_MS: '5000', READINESS_CACHE_MS: '0' });
    db.setMode({ kind: 'hanging' });
    db.resetCalls();
    context.step('probing /readyz during warm-up, with the database hanging');
    for (let i = 0; i < 3; i++) {
      const outcome = await service.request('/readyz', { timeoutMs: PROMPT_MS });
      expectThat(
        isStatus(outcome, 503) && bodyOf(outcome)?.status === 'starting',
        `GET /readyz during warm-up to answer 503 "starting" within ${PROMPT_MS} ms, whatever the database does`,
        () => shown(outcome),
      );
    }
    // At most one, so a stray request to the fake cannot fail a correct service; a handler that pings makes three.
    expectThat(db.calls() <= 1, 'no database call while starting', () => `${db.calls()} database calls for 3 probes during warm-up`);
  },
});

export const notReadyAfterSigterm = defineCheck({
  id: 'health.not-ready-after-sigterm',
  needs: ['signals'],
  title: 'From SIGTERM on, readiness is 503 while the service still serves, then it exits 0 after the delay',
  points: 3,
  hint: 'Lesson 04, "Draining": markDraining() must flip readiness to 503 "draining" at once, so the load balancer stops routing while the service keeps serving for SHUTDOWN_DELAY_MS.',
  async run(context) {
    const delayMs = 1500;
    const { service } = await startWithDatabase(context, { ...SLOW_MACHINE_TIMEOUT, SHUTDOWN_DELAY_MS: String(delayMs) });
    const before = await service.request('/readyz', { timeoutMs: 3000 });
    if (!isStatus(before, 200)) fail('GET /readyz to answer 200 before SIGTERM', shown(before));
    service.signal('SIGTERM');
    const signalledAtMs = service.elapsedMs();
    await context.sleep(100);
    context.step('probing after SIGTERM');
    const ready = await service.request('/readyz', { timeoutMs: PROMPT_MS });
    const live = await service.request('/livez', { timeoutMs: PROMPT_MS });
    expectThat(
      isStatus(ready, 503) && bodyOf(ready)?.status === 'draining',
      'GET /readyz to answer 503 with status "draining" right after SIGTERM',
      () => shown(ready),
    );
    expectThat(isStatus(live, 200), 'GET /livez to still answer 200 while draining', () => shown(live));
    context.step('waiting for the exit');
    const exit = await service.waitForExit(delayMs + 2 * PROMPT_MS);
    expectThat(
      exit !== undefined,
      `the process to exit about ${delayMs} ms after SIGTERM (SHUTDOWN_DELAY_MS=${delayMs})`,
      () => `still running ${delayMs + 2 * PROMPT_MS} ms after SIGTERM`,
    );
    context.measure('exitAfterSignalMs', exit.atMs - signalledAtMs);
    expectThat(
      exit.atMs - signalledAtMs >= delayMs * 0.8,
      `the process to keep serving for the ${delayMs} ms delay before it exits`,
      () => `it exited ${exit.atMs - signalledAtMs} ms after SIGTERM`,
    );
    expectThat(exit.code === 0, `exit code 0 after the ${delayMs} ms drain delay`, () => describeExit(exit));
  },
});

export const sigtermDuringWarmup = defineCheck({
  id: 'health.sigterm-during-warmup-stays-draining',
  needs: ['signals'],
  title: 'A SIGTERM during warm-up keeps readiness at 503 after the warm-up ends',
  points: 2,
  hint: 'Lesson 04, "Warm-up": markReady() moves the phase to ready only from starting; draining is final, or a leaving instance invites traffic again.',
  async run(context) {
    const warmupMs = 1500;
    // SHUTDOWN_DELAY_MS unset: its default (5000) must outlast the probing below, 3.5 s from SIGTERM.
    const { service, db } = await startWithDatabase(context, { WARMUP_MS: String(warmupMs) });
    db.resetCalls();
    service.signal('SIGTERM');
    const signalledAtMs = service.elapsedMs();
    context.step('probing /readyz from SIGTERM until well past the end of the warm-up');
    const until = signalledAtMs + warmupMs + 2 * PROMPT_MS;
    while (service.elapsedMs() < until) {
      const outcome = await service.request('/readyz', { timeoutMs: PROMPT_MS });
      const afterMs = service.elapsedMs() - signalledAtMs;
      expectThat(
        isStatus(outcome, 503),
        `GET /readyz to answer 503 from SIGTERM on, also after the ${warmupMs} ms warm-up that SIGTERM interrupted (sent ${signalledAtMs} ms after spawn)`,
        () => `${shown(outcome)}, ${afterMs} ms after SIGTERM`,
      );
      await context.sleep(200);
    }
    expectThat(db.calls() <= 1, 'no database call while starting or draining', () => `${db.calls()} database calls`);
  },
});

export const logsDatabaseStatusChanges = defineCheck({
  id: 'logs.database-status-changes',
  title: 'The service logs when the database goes down and comes back, not on every probe',
  points: 2,
  hint: 'Lesson 04, "The response body": log with `log` when the database\'s status changes (log.warn when it goes down, log.info when it is back), never once per probe.',
  async run(context) {
    const running = await startWithDatabase(context, { ...SLOW_MACHINE_TIMEOUT, READINESS_CACHE_MS: '0' });
    await context.sleep(300); // start-up lines first
    const before = stdoutLines(running.service).length;
    await probeThroughOutage(context, running);
    await context.sleep(300); // the last line may trail the last response
    const lines = stdoutLines(running.service).slice(before);
    expectThat(
      lines.length <= 4,
      'at most one log line per change of the database status for 15 probes (up, then down, then up again)',
      () => `${lines.length} lines, e.g. ${quoted(lines.slice(0, 3))}`,
    );
    expectThat(
      lines.some((line) => /down/i.test(line.text)) && lines.length >= 2,
      'a log line saying the database is down when it went down, and another when it came back',
      () => (lines.length ? `only ${quoted(lines)}` : 'no log line at all'),
    );
    // An outage is what an operator's alerts look for: not at level info.
    expectThat(
      lines.some((line) => /down/i.test(line.text) && (line.json?.level === 'warn' || line.json?.level === 'error')),
      'the line saying the database is down to be at level "warn" or "error"',
      () => quoted(lines),
    );
  },
});

export const listensOnHostCheck = listensOnHost({
  lesson: 'Lesson 04',
  async prepare(context) {
    context.step('starting the fake database');
    const db = await context.startFake('database');
    return { env: { DB_URL: db.url } };
  },
});

export const checks = [
  serviceAnswers,
  listensOnHostCheck,
  logsAreStructured,
  livenessWithDatabaseDown,
  livenessWithDatabaseHanging,
  readinessUp,
  readinessDown,
  readinessErrorSaysWhy,
  readinessSlowDatabase,
  readinessFlipsBothWays,
  readinessTimesOut,
  readinessCached,
  readinessCacheWindow,
  readinessCachesFailures,
  readinessDefaults,
  notReadyDuringWarmup,
  notReadyWithoutDatabase,
  notReadyAfterSigterm,
  sigtermDuringWarmup,
  logsDatabaseStatusChanges,
];
