/**
 * @module
 * The checks of lab 09, background jobs. Each starts its own service beside a work recorder (a fake
 * dependency at WORK_RECORDER_URL): the lab's read-only src/work.ts calls it when each attempt of a
 * job starts and ends. The checks submit jobs whose body says how long each attempt takes and how many
 * fail (`{"durationMs": 300, "failTimes": 2}`), then judge what clients get over HTTP and what the
 * recorder heard, on its own clock: how many attempts ran at once, how long each retry waited, which
 * jobs ran after SIGTERM. A service cannot pass by reporting what it does not do.
 *
 * Each requirement lesson 09 states (its section in brackets) → the checks that prove it:
 *
 * - POST /jobs answers 202 at once with {id} and Location: /jobs/<id>, the work runs later
 *   ("202 Accepted and Location") → jobs.accepted
 * - GET /jobs/:id says queued, running, succeeded or failed, with the attempts made; 404 for an unknown
 *   id ("Polling for the result") → jobs.status
 * - never more than WORKER_CONCURRENCY jobs worked on at once, and that many when there is work
 *   ("Workers and concurrency") → queue.concurrency-limit
 * - at most QUEUE_CAPACITY jobs wait; a flood is refused instead of held in memory, and the service
 *   keeps answering ("Bounded queues and backpressure") → queue.bounded
 * - at most FINISHED_JOBS_KEPT finished jobs are kept, the oldest forgotten (404) ("Bounded queues and
 *   backpressure") → queue.history-bounded
 * - a refusal is a 503 with Retry-After ("Bounded queues and backpressure") → queue.full-retry-after
 * - retries wait longer each time: a random wait up to RETRY_BASE_MS × 2^(n−1) before retry n
 *   ("Retries: exponential backoff and full jitter") → retry.backoff-grows
 * - jobs that failed together do not retry together ("Retries: exponential backoff and full jitter")
 *   → retry.jittered
 * - at most MAX_ATTEMPTS attempts, the first included; a job that succeeds on a retry is succeeded
 *   ("Poison jobs and the dead-letter list") → retry.max-attempts
 * - failed jobs are listed by GET /jobs?status=failed with why they failed ("Poison jobs and the
 *   dead-letter list") → jobs.failed-listed
 * - a repeated Idempotency-Key returns the same job and the work runs once ("Idempotency keys")
 *   → jobs.idempotency-key
 * - from SIGTERM on, POST /jobs answers 503 while the service still answers ("Draining on SIGTERM")
 *   → shutdown.refuses-new-jobs
 * - the jobs running at SIGTERM finish, then the process exits 0 ("Draining on SIGTERM")
 *   → shutdown.drains-running
 * - the jobs never started are written to JOBS_SPILL_FILE and not started ("Jobs never started")
 *   → shutdown.spills-queued
 * - every accepted job is finished, failed after its attempts, or spilled: none is lost, not even one
 *   waiting for a retry at SIGTERM ("Jobs never started") → shutdown.nothing-lost
 * - past SHUTDOWN_TIMEOUT_MS the jobs still running are spilled too and the process exits
 *   ("Draining on SIGTERM") → shutdown.deadline-spills-running
 *
 * Not checked, with the reason in the lesson: memory itself (the checks count what the service holds
 * through its answers, not its heap), how the spill file is picked up at the next start, and
 * durability across a crash (an in-process queue has none: that is BullMQ's part).
 *
 * Margins, from runs of the whole suite on a 2-core machine loaded with other work (load 20): the
 * service answers POST /jobs in 5-200 ms (once 1063 ms), an attempt reaches the recorder up to ~400 ms
 * late, and a retry made with no wait at all shows up as a wait of up to ~150 ms. So "at once" is half a job's
 * length; a retry's wait may exceed its cap by 150 ms plus twice the worst lateness of an attempt in the
 * same run; growth and jitter are judged on the third retry (0 to 1200 ms) over twenty jobs, where full
 * jitter fails about once in a million runs and a wait that does not grow, or a herd, passes only with
 * a stall of 300 ms or more falling on one job alone. Scenarios with SIGTERM signal as soon as the
 * workers are busy, with attempts of 0.6 s or more, so a stall before the signal changes nothing.
 */
import { type CheckContext, defineCheck, expectThat, fail } from '../../src/engine/check.ts';
import { describeExit, describeOutcome } from '../../src/engine/describe.ts';
import type { FakeDependency, HttpOutcome, ServiceInstance } from '../../src/engine/harness.ts';
import { type Attempt, attemptsByJob, attemptsOf, mostAtOnce, retryDelays } from './attempts.ts';

/** Slack for "promptly" on a loaded 2-core machine. */
const PROMPT_MS = 1000;
/** Where the checks ask the service to spill, relative to its folder. */
const SPILL_FILE = 'jobs-spill.json';

interface JobService {
  service: ServiceInstance;
  recorder: FakeDependency;
}

/** Starts the service with a work recorder, the spill file in its folder, and `env` on top. */
async function startJobService(context: CheckContext, env: Record<string, string> = {}): Promise<JobService> {
  context.step('starting the work recorder');
  const recorder = await context.startFake('work-recorder');
  context.step(`starting the service${Object.keys(env).length ? ` with ${Object.entries(env).map(([name, value]) => `${name}=${value}`).join(' ')}` : ''}`);
  const service = await context.start({ env: { WORK_RECORDER_URL: recorder.url, JOBS_SPILL_FILE: SPILL_FILE, ...env } });
  return { service, recorder };
}

interface Payload {
  durationMs: number;
  failTimes?: number;
}

/** POSTs a job; `headers` adds e.g. an Idempotency-Key. */
function post(service: ServiceInstance, payload: Payload, headers: Record<string, string> = {}): Promise<HttpOutcome> {
  return service.request('/jobs', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(payload),
    timeoutMs: 10_000,
  });
}

function jsonOf(outcome: HttpOutcome): unknown {
  if (outcome.kind !== 'response') return undefined;
  try {
    return JSON.parse(outcome.body);
  } catch {
    return undefined;
  }
}

/** The job id of a 2xx answer to POST /jobs, or undefined. */
function idOf(outcome: HttpOutcome): string | undefined {
  if (outcome.kind !== 'response' || outcome.status < 200 || outcome.status > 299) return undefined;
  const body = jsonOf(outcome) as { id?: unknown } | undefined;
  return typeof body?.id === 'string' && body.id ? body.id : undefined;
}

const bodyExcerpt = (outcome: HttpOutcome) => (outcome.kind === 'response' ? ` with body ${JSON.stringify(outcome.body.slice(0, 200))}` : '');

/** Submits a job that must be accepted (any 2xx with an id); fails the check otherwise. */
async function submit(service: ServiceInstance, payload: Payload, headers: Record<string, string> = {}): Promise<string> {
  const outcome = await post(service, payload, headers);
  const id = idOf(outcome);
  if (!id) fail(`POST /jobs ${JSON.stringify(payload)} to be accepted with a JSON body {"id": "…"}`, `${describeOutcome(outcome)}${bodyExcerpt(outcome)}`);
  return id;
}

interface JobView {
  id?: unknown;
  status?: unknown;
  attempts?: unknown;
  error?: unknown;
}

/** GET /jobs/:id as JSON, or undefined when it does not answer 200 with a JSON object. */
async function jobView(service: ServiceInstance, id: string): Promise<JobView | undefined> {
  const outcome = await service.request(`/jobs/${encodeURIComponent(id)}`, { timeoutMs: 3000 });
  if (outcome.kind !== 'response' || outcome.status !== 200) return undefined;
  const body = jsonOf(outcome);
  return body && typeof body === 'object' ? (body as JobView) : undefined;
}

const describeView = (view: JobView | undefined) => (view ? JSON.stringify(view).slice(0, 300) : 'no JSON answer with HTTP 200');

/** Polls `probe` every 25 ms until it returns something, or `timeoutMs` passes (then undefined). */
async function waitFor<T>(context: CheckContext, timeoutMs: number, probe: () => T | undefined | Promise<T | undefined>): Promise<T | undefined> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) return undefined;
    await context.sleep(25);
  }
}

/** Waits until the recorder has heard `count` attempts start (of the jobs in `ids`, when given). */
async function waitForStarts(context: CheckContext, recorder: FakeDependency, count: number, timeoutMs: number, ids?: readonly string[]): Promise<Attempt[]> {
  const of = () => attemptsOf(recorder).filter((attempt) => !ids || ids.includes(attempt.jobId));
  const seen = await waitFor(context, timeoutMs, () => (of().length >= count ? of() : undefined));
  if (!seen) fail(`${count} attempt${count === 1 ? '' : 's'} to start within ${timeoutMs} ms`, `${of().length} started`);
  return seen;
}

/** The jobs of a listing: `{"jobs": [...]}` or a bare array. */
function listed(outcome: HttpOutcome): JobView[] | undefined {
  const body = jsonOf(outcome) as { jobs?: unknown } | unknown[] | undefined;
  const jobs = Array.isArray(body) ? body : body && typeof body === 'object' && Array.isArray(body.jobs) ? body.jobs : undefined;
  return jobs?.filter((job): job is JobView => !!job && typeof job === 'object');
}

const isRetryAfter = (value: string | undefined) => value !== undefined && (/^\d+$/.test(value.trim()) || !Number.isNaN(Date.parse(value)));

export const serviceAnswers = defineCheck({
  id: 'service.answers',
  title: 'The service starts and accepts a job on POST /jobs',
  points: 1,
  hint: 'Lesson 09, "The lab": the service must listen on process.env.PORT and answer POST /jobs with a JSON body {"id": "…"}.',
  async run(context) {
    const { service } = await startJobService(context);
    context.step('sending POST /jobs {"durationMs": 0}');
    await submit(service, { durationMs: 0 });
    context.measure('inherentWaitMs', 0);
  },
});

export const accepted = defineCheck({
  id: 'jobs.accepted',
  title: 'POST /jobs answers 202 at once, before the work, with the job\'s id and a Location to poll',
  points: 3,
  hint: 'Lesson 09, "202 Accepted and Location": put the job in the queue and answer at once with c.json({ id }, 202) and a Location header /jobs/<id>; never await the work in the handler.',
  async run(context) {
    const { service } = await startJobService(context);
    const durationMs = 5000;
    context.step(`sending POST /jobs for a job of ${durationMs} ms`);
    const outcome = await post(service, { durationMs });
    context.measure('inherentWaitMs', 0);
    if (outcome.kind !== 'response') fail('an answer to POST /jobs', describeOutcome(outcome));
    context.measure('acceptMs', outcome.durationMs);
    // Half the job's length: a loaded machine may take a second to answer, work done inline takes it all.
    expectThat(
      outcome.durationMs < durationMs / 2,
      `POST /jobs for a job of ${durationMs} ms to answer at once, well before the work is done (within ${durationMs / 2} ms): the work belongs to a worker, after the answer`,
      () => `${describeOutcome(outcome)}${outcome.durationMs >= durationMs ? ': the request waited for the work' : ''}`,
    );
    expectThat(outcome.status === 202, 'HTTP 202 Accepted: the job is taken, not done', () => `${describeOutcome(outcome)}${bodyExcerpt(outcome)}`);
    const id = idOf(outcome);
    if (!id) fail('a JSON body {"id": "…"} naming the job', `the body ${JSON.stringify(outcome.body.slice(0, 200))}`);
    const location = outcome.headers.location;
    const path = location === undefined ? undefined : new URL(location, `http://${service.host}:${service.port}`).pathname;
    expectThat(path === `/jobs/${id}`, `a Location header pointing at /jobs/${id}, where the client polls for the job`, () => (location === undefined ? 'no Location header' : `Location: ${location}`));
    context.step(`polling ${path}`);
    const view = await jobView(service, id);
    expectThat(
      view?.id === id && (view.status === 'queued' || view.status === 'running'),
      `GET ${path} to answer 200 with the job: its id, and status "queued" or "running" while its ${durationMs} ms of work are not done`,
      () => describeView(view),
    );
  },
});

export const status = defineCheck({
  id: 'jobs.status',
  title: 'GET /jobs/:id says queued, then running, then succeeded, with the attempts made; 404 for an unknown id',
  points: 2,
  hint: 'Lesson 09, "Polling for the result": keep each job\'s status and attempts and update them as a worker takes it (running, attempts + 1) and finishes it (succeeded or failed); answer 404 for an id you do not know.',
  async run(context) {
    const { service, recorder } = await startJobService(context, { WORKER_CONCURRENCY: '1' });
    context.step('submitting a job of 1500 ms, then one of 100 ms behind it (one worker)');
    const first = await submit(service, { durationMs: 1500 });
    const second = await submit(service, { durationMs: 100 });
    context.measure('inherentWaitMs', 1600);
    await waitForStarts(context, recorder, 1, 2000, [first]);
    const [running, waiting] = await Promise.all([jobView(service, first), jobView(service, second)]);
    expectThat(
      running?.status === 'running' && running.attempts === 1,
      'the job a worker is on to be {"status": "running", "attempts": 1}',
      () => describeView(running),
    );
    expectThat(
      waiting?.status === 'queued' && waiting.attempts === 0,
      'the job waiting behind it for the only worker to be {"status": "queued", "attempts": 0}',
      () => describeView(waiting),
    );
    context.step('waiting for both jobs to finish');
    const done = await waitFor(context, 3000, async () => {
      const views = await Promise.all([jobView(service, first), jobView(service, second)]);
      return views.every((view) => view?.status === 'succeeded') ? views : undefined;
    });
    const [firstNow, secondNow] = await Promise.all([jobView(service, first), jobView(service, second)]);
    expectThat(done !== undefined, 'both jobs to be {"status": "succeeded"} within 3 s', () => `${describeView(firstNow)} and ${describeView(secondNow)}`);
    expectThat(done.every((view) => view?.attempts === 1), 'each succeeded job to report "attempts": 1', () => done.map(describeView).join(' and '));
    context.step('sending GET /jobs/no-such-job');
    const unknown = await service.request('/jobs/no-such-job');
    expectThat(unknown.kind === 'response' && unknown.status === 404, 'GET /jobs/no-such-job to answer 404', () => describeOutcome(unknown));
  },
});

export const concurrencyLimit = defineCheck({
  id: 'queue.concurrency-limit',
  title: 'Never more than WORKER_CONCURRENCY jobs run at once, and that many while there is work',
  points: 3,
  hint: 'Lesson 09, "Workers and concurrency": hand jobs to a queue with a concurrency limit (p-queue\'s new PQueue({ concurrency })) set from WORKER_CONCURRENCY, instead of starting each job as it arrives.',
  async run(context) {
    const concurrency = 3;
    const { service, recorder } = await startJobService(context, { WORKER_CONCURRENCY: String(concurrency), QUEUE_CAPACITY: '20' });
    context.step('submitting 9 jobs of 500 ms at once');
    const ids = await Promise.all(Array.from({ length: 9 }, () => submit(service, { durationMs: 500 })));
    context.measure('inherentWaitMs', 1500);
    context.step('waiting for the 9 jobs to run');
    const ended = await waitFor(context, 5000, () => {
      const attempts = attemptsOf(recorder);
      return attempts.filter((attempt) => attempt.endMs !== undefined).length >= ids.length ? attempts : undefined;
    });
    const attempts = ended ?? attemptsOf(recorder);
    const most = mostAtOnce(attempts);
    expectThat(most <= concurrency, `with WORKER_CONCURRENCY=${concurrency}, at most ${concurrency} jobs worked on at once`, () => `${most} at once`);
    expectThat(
      ended !== undefined,
      'the 9 jobs of 500 ms to be done within 5 s',
      () => `${attempts.filter((attempt) => attempt.endMs !== undefined).length} attempts finished, ${attempts.length} started`,
    );
    expectThat(
      most === concurrency,
      `with 9 jobs waiting and WORKER_CONCURRENCY=${concurrency}, ${concurrency} jobs worked on at once: every worker busy`,
      () => `at most ${most} at once`,
    );
  },
});

export const bounded = defineCheck({
  id: 'queue.bounded',
  title: 'Under a flood, at most QUEUE_CAPACITY jobs wait; the rest are refused and the service keeps answering',
  points: 3,
  hint: 'Lesson 09, "Bounded queues and backpressure": before accepting a job, compare the jobs waiting (p-queue\'s queue.size) with QUEUE_CAPACITY and refuse it with 503 when the queue is full; an array that takes everything grows until the process runs out of memory.',
  async run(context) {
    const capacity = 5;
    const flood = 300;
    const { service, recorder } = await startJobService(context, { QUEUE_CAPACITY: String(capacity), WORKER_CONCURRENCY: '1' });
    context.step('submitting one job of 10 s for the only worker');
    const busy = await submit(service, { durationMs: 10_000 });
    await waitForStarts(context, recorder, 1, 2000, [busy]);
    context.step(`flooding POST /jobs with ${flood} jobs of 10 s, 30 at a time`);
    const statuses = new Map<string, number>();
    for (let sent = 0; sent < flood; sent += 30) {
      const outcomes = await Promise.all(Array.from({ length: 30 }, () => post(service, { durationMs: 10_000 })));
      for (const outcome of outcomes) {
        const key = outcome.kind === 'response' ? String(outcome.status) : outcome.code;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }
    }
    context.measure('inherentWaitMs', 0);
    const answered = [...statuses].map(([key, count]) => `${count} × ${key}`).join(', ');
    const taken = [...statuses].filter(([key]) => /^2\d\d$/.test(key)).reduce((sum, [, count]) => sum + count, 0);
    expectThat(
      taken <= capacity,
      `with QUEUE_CAPACITY=${capacity} and the only worker busy, at most ${capacity} of ${flood} jobs accepted: the others refused, not held in memory`,
      () => `${answered}`,
    );
    expectThat(
      taken >= capacity - 1 && (statuses.get('503') ?? 0) === flood - taken,
      `${capacity} jobs accepted (the queue's capacity) and every other one refused with 503`,
      () => `${answered}`,
    );
    context.step('checking the service still answers');
    if (service.exit) fail('the service to survive the flood', `it exited (${describeExit(service.exit)})`);
    const waiting = listed(await service.request('/jobs?status=queued'));
    expectThat(
      waiting !== undefined && waiting.length <= capacity,
      `GET /jobs?status=queued to list at most ${capacity} jobs after the flood`,
      () => (waiting ? `${waiting.length} jobs` : 'no JSON list of jobs'),
    );
  },
});

export const historyBounded = defineCheck({
  id: 'queue.history-bounded',
  title: 'At most FINISHED_JOBS_KEPT finished jobs are kept: the oldest are forgotten',
  points: 2,
  hint: 'Lesson 09, "Bounded queues and backpressure": a queue bounded at the door still grows if every finished job is kept forever; move finished jobs into an LRU (lru-cache\'s new LRUCache({ max: FINISHED_JOBS_KEPT })) and answer 404 for the ones it has forgotten.',
  async run(context) {
    const kept = 5;
    const { service, recorder } = await startJobService(context, { FINISHED_JOBS_KEPT: String(kept), WORKER_CONCURRENCY: '4' });
    context.step(`submitting 12 jobs of 0 ms with FINISHED_JOBS_KEPT=${kept}`);
    const ids: string[] = [];
    for (let index = 0; index < 12; index++) ids.push(await submit(service, { durationMs: 0 }));
    context.measure('inherentWaitMs', 0);
    const done = await waitFor(context, 3000, () => (attemptsOf(recorder).filter((attempt) => attempt.ok).length >= ids.length ? true : undefined));
    if (!done) fail('the 12 jobs of 0 ms to be done within 3 s', `${attemptsOf(recorder).filter((attempt) => attempt.ok).length} done`);
    const last = await waitFor(context, 1000, async () => {
      const view = await jobView(service, ids.at(-1)!);
      return view?.status === 'succeeded' ? view : undefined;
    });
    if (!last) fail('the last job submitted to be {"status": "succeeded"}', describeView(await jobView(service, ids.at(-1)!)));
    const all = listed(await service.request('/jobs'));
    expectThat(
      all !== undefined && all.length <= kept,
      `GET /jobs to list at most FINISHED_JOBS_KEPT=${kept} jobs once 12 have finished`,
      () => (all ? `${all.length} jobs` : 'no JSON list of jobs'),
    );
    const first = await service.request(`/jobs/${encodeURIComponent(ids[0]!)}`);
    expectThat(
      first.kind === 'response' && first.status === 404,
      'GET /jobs/:id of the first job, finished and since pushed out by newer ones, to answer 404',
      () => `${describeOutcome(first)}${bodyExcerpt(first)}`,
    );
  },
});

export const fullRetryAfter = defineCheck({
  id: 'queue.full-retry-after',
  title: 'A job refused because the queue is full gets 503 with Retry-After',
  points: 2,
  hint: 'Lesson 09, "Bounded queues and backpressure": a full queue is the service\'s state, not the client\'s fault: answer 503 (not 429 or 500) with a Retry-After header (seconds) so clients back off and come back.',
  async run(context) {
    const { service, recorder } = await startJobService(context, { QUEUE_CAPACITY: '1', WORKER_CONCURRENCY: '1' });
    context.step('filling the only worker and the one place in the queue');
    const busy = await submit(service, { durationMs: 10_000 });
    await waitForStarts(context, recorder, 1, 2000, [busy]);
    // Accepted, or already refused by a queue whose capacity counts the running job too: either is full now.
    await post(service, { durationMs: 10_000 });
    context.step('submitting three more jobs');
    context.measure('inherentWaitMs', 0);
    for (let index = 0; index < 3; index++) {
      const outcome = await post(service, { durationMs: 10_000 });
      if (outcome.kind !== 'response') fail('an answer to POST /jobs while the queue is full', describeOutcome(outcome));
      expectThat(
        outcome.status === 503,
        'HTTP 503 for a job the full queue cannot take (QUEUE_CAPACITY=1, one job waiting)',
        () => `${describeOutcome(outcome)}${bodyExcerpt(outcome)}`,
      );
      const retryAfter = outcome.headers['retry-after'];
      expectThat(
        isRetryAfter(retryAfter),
        'a Retry-After header (seconds, or an HTTP date) on the 503, saying when to try again',
        () => (retryAfter === undefined ? 'no Retry-After header' : `Retry-After: ${retryAfter}`),
      );
    }
  },
});

/** Twenty jobs failing their first three attempts together, with MAX_ATTEMPTS=4 and RETRY_BASE_MS=300. */
const RETRIED_JOBS = 20;
const RETRY_BASE_MS = 300;
const ATTEMPT_MS = 20;
/** Each retry n may wait up to RETRY_BASE_MS × 2^(n−1): 300, 600, 1200 ms. */
const retryCap = (retry: number) => RETRY_BASE_MS * 2 ** (retry - 1);
/** How late a timer may fire on a quiet machine, the recorder's calls included. */
const TIMER_SLACK_MS = 150;

interface RetryTimings {
  /** [d1, d2, d3] per job: the waits before its three retries, in ms. */
  delays: number[][];
  /**
   * The worst lateness seen in an attempt (its measured length minus ATTEMPT_MS): how loaded the
   * machine was. A retry's wait is measured the same way, so it may be late by as much, twice.
   */
  lateMs: number;
}

/** Submits twenty jobs that fail three times and times their retries on the recorder's clock. */
async function retryTimings(context: CheckContext): Promise<RetryTimings> {
  const { service, recorder } = await startJobService(context, {
    WORKER_CONCURRENCY: String(RETRIED_JOBS),
    QUEUE_CAPACITY: String(RETRIED_JOBS),
    MAX_ATTEMPTS: '4',
    RETRY_BASE_MS: String(RETRY_BASE_MS),
  });
  context.step(`submitting ${RETRIED_JOBS} jobs that fail their first 3 attempts (MAX_ATTEMPTS=4, RETRY_BASE_MS=${RETRY_BASE_MS})`);
  const ids = await Promise.all(Array.from({ length: RETRIED_JOBS }, () => submit(service, { durationMs: ATTEMPT_MS, failTimes: 3 })));
  context.measure('inherentWaitMs', 4 * ATTEMPT_MS + retryCap(1) + retryCap(2) + retryCap(3));
  context.step('waiting for every job\'s fourth attempt to end');
  const complete = (byJob: Map<string, Attempt[]>) => ids.every((id) => byJob.get(id)?.length === 4 && byJob.get(id)![3]!.endMs !== undefined);
  const byJob = (await waitFor(context, 8000, () => {
    const now = attemptsByJob(attemptsOf(recorder));
    return complete(now) ? now : undefined;
  })) ?? attemptsByJob(attemptsOf(recorder));
  const counts = ids.map((id) => byJob.get(id)?.length ?? 0);
  expectThat(
    complete(byJob),
    `each job that fails its first 3 attempts to be attempted 4 times (MAX_ATTEMPTS=4) within 8 s`,
    () => `attempts per job: ${counts.join(', ')}`,
  );
  const lengths = ids.flatMap((id) => byJob.get(id)!.map((attempt) => attempt.endMs! - attempt.startMs));
  const lateMs = Math.max(0, ...lengths.map((length) => length - ATTEMPT_MS));
  context.measure('attemptLateMs', lateMs);
  return { delays: ids.map((id) => retryDelays(byJob.get(id)!)), lateMs };
}

const waitsBefore = (delays: number[][], retry: number) => delays.map((perJob) => perJob[retry - 1]!);

export const backoffGrows = defineCheck({
  id: 'retry.backoff-grows',
  title: 'A failing job is retried after waits that grow: up to RETRY_BASE_MS, then twice that, then four times',
  points: 3,
  hint: 'Lesson 09, "Retries: exponential backoff and full jitter": wait before retry n a random time up to RETRY_BASE_MS × 2^(n−1) (exponential-backoff\'s backOff with startingDelay: RETRY_BASE_MS, timeMultiple: 2, jitter: "full"); an immediate retry hammers what just failed.',
  async run(context) {
    const { delays, lateMs } = await retryTimings(context);
    const third = waitsBefore(delays, 3);
    // Full jitter makes a wait longer than twice the first cap likely for some of twenty jobs (none:
    // 1 in a million), and impossible for a wait that does not grow, short of a 300 ms stall.
    const threshold = 2 * retryCap(1);
    expectThat(
      Math.max(...third) > threshold,
      `the waits to grow: before the third retry (up to ${retryCap(3)} ms), some of ${RETRIED_JOBS} jobs to wait longer than ${threshold} ms, more than the first retry may`,
      () => `waits before retry 1: ${waitsBefore(delays, 1).join(', ')}; before retry 3: ${third.join(', ')} (ms)`,
    );
    for (const retry of [1, 2, 3]) {
      const bound = retryCap(retry) + TIMER_SLACK_MS + 2 * lateMs;
      const waits = waitsBefore(delays, retry);
      expectThat(
        Math.max(...waits) <= bound,
        `the wait before retry ${retry} to be at most RETRY_BASE_MS × 2^${retry - 1} = ${retryCap(retry)} ms (RETRY_BASE_MS=${RETRY_BASE_MS}; up to ${bound} ms allowed, as attempts ran up to ${lateMs} ms late)`,
        () => `waits before retry ${retry}, in ms: ${waits.join(', ')}`,
      );
    }
  },
});

export const jittered = defineCheck({
  id: 'retry.jittered',
  title: 'Jobs that fail together do not retry together: each wait is random',
  points: 2,
  hint: 'Lesson 09, "Retries: exponential backoff and full jitter": draw each wait anew, at random between 0 and the exponential cap (full jitter), for every job and every retry; a fixed delay, or one random number shared by all jobs, sends them back in a herd.',
  async run(context) {
    const { delays } = await retryTimings(context);
    // Judged on the last retry, whose range (0 to 1200 ms) dwarfs a loaded machine's lateness: with full
    // jitter, twenty waits spread over less than 35 % of it about once in twenty million runs.
    const third = waitsBefore(delays, 3);
    const spread = Math.max(...third) - Math.min(...third);
    const wanted = Math.round(0.35 * retryCap(3));
    context.measure('retrySpreadMs', spread);
    expectThat(
      spread >= wanted,
      `the waits before the third retry (up to ${retryCap(3)} ms) to differ from job to job, spread over ${wanted} ms or more`,
      () => `a spread of ${spread} ms; waits in ms, retry 1: ${waitsBefore(delays, 1).join(', ')}; retry 2: ${waitsBefore(delays, 2).join(', ')}; retry 3: ${third.join(', ')}`,
    );
  },
});

export const maxAttempts = defineCheck({
  id: 'retry.max-attempts',
  title: 'A job is attempted at most MAX_ATTEMPTS times: one that succeeds on a retry is succeeded, a poison job fails',
  points: 2,
  hint: 'Lesson 09, "Poison jobs and the dead-letter list": MAX_ATTEMPTS counts every attempt, the first included (exponential-backoff\'s numOfAttempts); after the last one fails, mark the job failed and stop.',
  async run(context) {
    const { service, recorder } = await startJobService(context, { MAX_ATTEMPTS: '3', RETRY_BASE_MS: '20', WORKER_CONCURRENCY: '2' });
    context.step('submitting a job failing twice, and a poison job failing always (MAX_ATTEMPTS=3)');
    const flaky = await submit(service, { durationMs: 20, failTimes: 2 });
    const poison = await submit(service, { durationMs: 20, failTimes: 100 });
    context.measure('inherentWaitMs', 60 + 20 + 40 + 300);
    const settled = await waitFor(context, 3000, async () => {
      const views = await Promise.all([jobView(service, flaky), jobView(service, poison)]);
      return views.every((view) => view?.status === 'succeeded' || view?.status === 'failed') ? views : undefined;
    });
    // A service that retries too often would start another attempt about now.
    await context.sleep(300);
    const byJob = attemptsByJob(attemptsOf(recorder));
    const [flakyView, poisonView] = await Promise.all([jobView(service, flaky), jobView(service, poison)]);
    const made = (id: string) => byJob.get(id)?.length ?? 0;
    expectThat(settled !== undefined, 'both jobs to be succeeded or failed within 3 s', () => `${describeView(flakyView)} and ${describeView(poisonView)}`);
    expectThat(
      made(flaky) === 3 && flakyView?.status === 'succeeded' && flakyView.attempts === 3,
      'the job failing its first 2 attempts to succeed on its third: {"status": "succeeded", "attempts": 3}, 3 attempts run',
      () => `${made(flaky)} attempts run; GET says ${describeView(flakyView)}`,
    );
    expectThat(
      made(poison) === 3 && poisonView?.status === 'failed' && poisonView.attempts === 3,
      'the poison job to stop after MAX_ATTEMPTS=3 attempts: {"status": "failed", "attempts": 3}, 3 attempts run',
      () => `${made(poison)} attempts run; GET says ${describeView(poisonView)}`,
    );
  },
});

export const failedListed = defineCheck({
  id: 'jobs.failed-listed',
  title: 'GET /jobs?status=failed lists the jobs that ran out of attempts, with why; succeeded jobs are not in it',
  points: 2,
  hint: 'Lesson 09, "Poison jobs and the dead-letter list": keep failed jobs with the last error (never drop them), and filter GET /jobs by its status query: {"jobs": [{"id", "status", "attempts", "error"}]}.',
  async run(context) {
    const { service } = await startJobService(context, { MAX_ATTEMPTS: '2', RETRY_BASE_MS: '20', WORKER_CONCURRENCY: '2' });
    context.step('submitting a poison job and a good one (MAX_ATTEMPTS=2)');
    const poison = await submit(service, { durationMs: 20, failTimes: 100 });
    const good = await submit(service, { durationMs: 20 });
    context.measure('inherentWaitMs', 60);
    const settled = await waitFor(context, 3000, async () => {
      const views = await Promise.all([jobView(service, poison), jobView(service, good)]);
      return views[0]?.status === 'failed' && views[1]?.status === 'succeeded' ? views : undefined;
    });
    if (!settled) fail('the poison job to be failed and the good one succeeded within 3 s', `${describeView(await jobView(service, poison))} and ${describeView(await jobView(service, good))}`);
    context.step('sending GET /jobs?status=failed and GET /jobs?status=succeeded');
    const [failedOutcome, succeededOutcome] = await Promise.all([service.request('/jobs?status=failed'), service.request('/jobs?status=succeeded')]);
    const failed = listed(failedOutcome);
    const succeeded = listed(succeededOutcome);
    if (!failed) fail('GET /jobs?status=failed to answer a JSON list {"jobs": […]}', `${describeOutcome(failedOutcome)}${bodyExcerpt(failedOutcome)}`);
    const ids = (jobs: JobView[] | undefined) => (jobs ?? []).map((job) => String(job.id));
    const entry = failed.find((job) => job.id === poison);
    expectThat(entry !== undefined, `GET /jobs?status=failed to list the poison job ${poison}`, () => `it lists ${JSON.stringify(ids(failed))}`);
    expectThat(!ids(failed).includes(good), `GET /jobs?status=failed not to list the succeeded job ${good}`, () => `it lists ${JSON.stringify(ids(failed))}`);
    expectThat(
      typeof entry.error === 'string' && entry.error.length > 0 && entry.attempts === 2,
      'the failed job\'s entry to say why it failed (a non-empty "error") and how often it was tried ("attempts": 2)',
      () => JSON.stringify(entry).slice(0, 300),
    );
    expectThat(
      ids(succeeded).includes(good) && !ids(succeeded).includes(poison),
      'GET /jobs?status=succeeded to list the good job and not the poison one',
      () => (succeeded ? `it lists ${JSON.stringify(ids(succeeded))}` : `${describeOutcome(succeededOutcome)}${bodyExcerpt(succeededOutcome)}`),
    );
  },
});

export const idempotencyKey = defineCheck({
  id: 'jobs.idempotency-key',
  title: 'A repeated Idempotency-Key returns the same job, and its work runs once',
  points: 2,
  hint: 'Lesson 09, "Idempotency keys": remember which job each Idempotency-Key created (a Map from key to id, checked and set in the same synchronous step) and answer a repeat with that job instead of queueing another.',
  async run(context) {
    const { service, recorder } = await startJobService(context, { WORKER_CONCURRENCY: '4' });
    context.step('sending POST /jobs twice with Idempotency-Key: order-1');
    const first = await submit(service, { durationMs: 300 }, { 'Idempotency-Key': 'order-1' });
    const repeat = await submit(service, { durationMs: 300 }, { 'Idempotency-Key': 'order-1' });
    expectThat(repeat === first, 'the repeat with Idempotency-Key: order-1 to return the same job id', () => `${first}, then ${repeat}`);
    context.step('sending two POST /jobs at once with Idempotency-Key: order-2');
    const [racing, racingToo] = await Promise.all([submit(service, { durationMs: 300 }, { 'Idempotency-Key': 'order-2' }), submit(service, { durationMs: 300 }, { 'Idempotency-Key': 'order-2' })]);
    expectThat(racing === racingToo, 'two requests sent at once with Idempotency-Key: order-2 to get the same job id', () => `${racing} and ${racingToo}`);
    const other = await submit(service, { durationMs: 300 }, { 'Idempotency-Key': 'order-3' });
    expectThat(other !== first && other !== racing, 'another key (order-3) to make another job', () => `it returned ${other}, an existing job`);
    context.measure('inherentWaitMs', 300);
    context.step('waiting for the work to run');
    await context.sleep(600);
    const byJob = attemptsByJob(attemptsOf(recorder));
    const worked = [...byJob.keys()];
    expectThat(
      worked.length === 3 && [first, racing, other].every((id) => byJob.get(id)?.length === 1),
      'three jobs worked on, one attempt each: order-1, order-2 and order-3',
      () => `the recorder heard ${worked.length} jobs with ${worked.map((id) => byJob.get(id)!.length).join(', ')} attempts`,
    );
  },
});

/** Starts a service, gives it jobs that are running (`running` of them, `durationMs` each) and waiting, and sends SIGTERM. */
async function signalWithJobs(
  context: CheckContext,
  options: { running: number; waiting: number; durationMs: number; env?: Record<string, string> },
) {
  const started = await startJobService(context, { WORKER_CONCURRENCY: String(options.running), QUEUE_CAPACITY: '20', ...options.env });
  const { service, recorder } = started;
  context.step(`submitting ${options.running} jobs of ${options.durationMs} ms for the workers, and ${options.waiting} more`);
  const runningIds: string[] = [];
  for (let index = 0; index < options.running; index++) runningIds.push(await submit(service, { durationMs: options.durationMs }));
  const waitingIds: string[] = [];
  for (let index = 0; index < options.waiting; index++) waitingIds.push(await submit(service, { durationMs: options.durationMs }));
  // Signalled as soon as the workers are busy, long before their jobs can end.
  await waitForStarts(context, recorder, options.running, 2000, runningIds);
  context.step('sending SIGTERM');
  service.signal('SIGTERM');
  return { ...started, runningIds, waitingIds };
}

/** The jobs of the spill file, by id; fails the check when it is missing or not the JSON the lesson asks for. */
async function spilledJobs(service: ServiceInstance): Promise<Map<string, Record<string, unknown>>> {
  const text = await service.readFile(SPILL_FILE);
  if (text === undefined) fail(`the jobs not done written to JOBS_SPILL_FILE (${SPILL_FILE})`, 'no such file after the exit');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    fail(`JOBS_SPILL_FILE to hold JSON`, `it holds ${JSON.stringify(text.slice(0, 200))}`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { jobs?: unknown } | null)?.jobs;
  if (!Array.isArray(list)) fail('JOBS_SPILL_FILE to hold a JSON list of jobs, {"jobs": […]} or […]', `it holds ${text.slice(0, 200)}`);
  const jobs = new Map<string, Record<string, unknown>>();
  for (const entry of list) if (entry && typeof entry === 'object' && typeof (entry as { id?: unknown }).id === 'string') jobs.set((entry as { id: string }).id, entry as Record<string, unknown>);
  return jobs;
}

/** The job's payload as spilled: under "payload", or its fields at the entry's top level. */
const spilledDuration = (entry: Record<string, unknown>) => ((entry.payload ?? entry) as { durationMs?: unknown }).durationMs;

export const refusesNewJobs = defineCheck({
  id: 'shutdown.refuses-new-jobs',
  needs: ['signals'],
  title: 'From SIGTERM on, POST /jobs answers 503, while the jobs\' status can still be read',
  points: 2,
  hint: 'Lesson 09, "Draining on SIGTERM": src/server.ts calls queue.drain() on SIGTERM and keeps answering HTTP until it resolves; from that call on, submit() must refuse every new job (503 with Retry-After: another instance will take it), or a queue that will never run it accepts it.',
  async run(context) {
    const { service, runningIds } = await signalWithJobs(context, { running: 1, waiting: 0, durationMs: 3000 });
    await context.sleep(200);
    context.step('sending POST /jobs 200 ms after SIGTERM');
    const late = await post(service, { durationMs: 100 });
    context.measure('inherentWaitMs', 200);
    expectThat(
      late.kind === 'response' && late.status === 503,
      'POST /jobs during the drain to be refused with HTTP 503: a job accepted now would never run',
      () => `${describeOutcome(late)}${bodyExcerpt(late)}${late.kind === 'error' ? ': the service stopped answering before its jobs were done' : ''}`,
    );
    const view = await jobView(service, runningIds[0]!);
    expectThat(view?.status === 'running', 'GET /jobs/:id of the job still running to answer during the drain, "status": "running"', () => describeView(view));
  },
});

export const drainsRunning = defineCheck({
  id: 'shutdown.drains-running',
  needs: ['signals'],
  title: 'The jobs running at SIGTERM finish, then the process exits 0',
  points: 3,
  hint: 'Lesson 09, "Draining on SIGTERM": src/server.ts exits as soon as queue.drain() resolves, so drain() must wait for the jobs in progress (pause() the queue, then await p-queue\'s onPendingZero()); resolving at once kills them half done.',
  async run(context) {
    const durationMs = 1200;
    const { service, recorder, runningIds } = await signalWithJobs(context, { running: 2, waiting: 3, durationMs });
    context.measure('inherentWaitMs', durationMs);
    context.step('waiting for the exit');
    const exit = await service.waitForExit(durationMs + 2 * PROMPT_MS);
    const byJob = attemptsByJob(attemptsOf(recorder));
    const finished = runningIds.filter((id) => byJob.get(id)?.[0]?.ok === true);
    expectThat(
      finished.length === runningIds.length,
      `both jobs running at SIGTERM (${durationMs} ms each) to finish their work before the process exits`,
      () => `${finished.length} of 2 finished${exit ? `; the process ended (${describeExit(exit)})` : ''}`,
    );
    expectThat(exit !== undefined, `the process to exit within ${PROMPT_MS} ms of its last running job`, () => `still running ${durationMs + 2 * PROMPT_MS} ms after SIGTERM`);
    expectThat(exit.code === 0, 'exit code 0 after a clean drain', () => describeExit(exit));
  },
});

export const spillsQueued = defineCheck({
  id: 'shutdown.spills-queued',
  needs: ['signals'],
  title: 'The jobs never started are written to JOBS_SPILL_FILE, and none starts after SIGTERM',
  points: 3,
  hint: 'Lesson 09, "Jobs never started": on SIGTERM take the waiting jobs off the queue (pause() and clear()) and write them, with their payload, to JOBS_SPILL_FILE as JSON {"jobs": [{"id", "payload", …}]}; running them first would outlast the grace period, dropping them loses them.',
  async run(context) {
    const durationMs = 800;
    const { service, recorder, runningIds, waitingIds } = await signalWithJobs(context, { running: 2, waiting: 3, durationMs });
    const startsAtSignal = attemptsOf(recorder).length;
    context.measure('inherentWaitMs', durationMs);
    context.step('waiting for the exit');
    const exit = await service.waitForExit(3 * durationMs + 2 * PROMPT_MS);
    const startedAfter = attemptsOf(recorder).slice(startsAtSignal).map((attempt) => attempt.jobId);
    expectThat(
      startedAfter.length === 0,
      'no job to start after SIGTERM: the waiting ones are spilled for the next instance',
      () => `${startedAfter.length} started after it${startedAfter.some((id) => waitingIds.includes(id)) ? ', among them jobs that were waiting' : ''}`,
    );
    if (!exit) fail('the process to exit once its running jobs are done', `still running ${3 * durationMs + 2 * PROMPT_MS} ms after SIGTERM`);
    const spilled = await spilledJobs(service);
    const missing = waitingIds.filter((id) => !spilled.has(id));
    expectThat(
      missing.length === 0,
      `the ${waitingIds.length} jobs waiting at SIGTERM in JOBS_SPILL_FILE, by id`,
      () => `${missing.length} missing; the file lists ${JSON.stringify([...spilled.keys()])}`,
    );
    const withoutPayload = waitingIds.filter((id) => spilledDuration(spilled.get(id)!) !== durationMs);
    expectThat(
      withoutPayload.length === 0,
      `each spilled job to keep its payload (under "payload", with "durationMs": ${durationMs}), so it can run again`,
      () => JSON.stringify(spilled.get(withoutPayload[0]!)).slice(0, 300),
    );
    const finishedButSpilled = runningIds.filter((id) => spilled.has(id));
    expectThat(
      finishedButSpilled.length === 0,
      'the jobs that finished during the drain not to be spilled: they would run twice',
      () => `${finishedButSpilled.length} finished jobs in the file`,
    );
  },
});

export const nothingLost = defineCheck({
  id: 'shutdown.nothing-lost',
  needs: ['signals'],
  title: 'Every job accepted before or during SIGTERM is done, failed after its attempts, or spilled: none is lost',
  points: 3,
  hint: 'Lesson 09, "Jobs never started": a job waiting for its retry at SIGTERM is still running: let it retry within the deadline (or spill it); never mark it failed early or drop it. A job accepted just as the signal arrives must be run or spilled too.',
  async run(context) {
    const maxAttempts = 3;
    const started = await startJobService(context, { WORKER_CONCURRENCY: '2', QUEUE_CAPACITY: '20', MAX_ATTEMPTS: String(maxAttempts), RETRY_BASE_MS: '300' });
    const { service, recorder } = started;
    context.step('submitting a job failing once (600 ms an attempt), a job of 900 ms, and three more waiting');
    const flaky = await submit(service, { durationMs: 600, failTimes: 1 });
    const steady = await submit(service, { durationMs: 900 });
    const accepted = [flaky, steady];
    for (let index = 0; index < 3; index++) accepted.push(await submit(service, { durationMs: 300 }));
    // SIGTERM while the flaky job's first attempt runs: it fails during the drain and must still retry.
    await waitForStarts(context, recorder, 2, 2000, [flaky, steady]);
    context.step('sending SIGTERM, and at once another POST /jobs');
    service.signal('SIGTERM');
    const late = await post(service, { durationMs: 300 });
    const lateId = idOf(late);
    if (lateId) accepted.push(lateId);
    context.measure('inherentWaitMs', 1500);
    const exit = await service.waitForExit(8000);
    if (!exit) fail('the process to exit after its drain', 'still running 8 s after SIGTERM');
    const spilled = await spilledJobs(service).catch(() => new Map<string, Record<string, unknown>>());
    const byJob = attemptsByJob(attemptsOf(recorder));
    const fate = (id: string) => {
      const attempts = byJob.get(id) ?? [];
      if (attempts.some((attempt) => attempt.ok)) return 'succeeded';
      if (attempts.filter((attempt) => attempt.ok === false).length >= maxAttempts) return 'failed';
      if (spilled.has(id)) return 'spilled';
      return attempts.length ? `lost after ${attempts.length} attempt${attempts.length === 1 ? '' : 's'}, not spilled` : 'lost: never run, not spilled';
    };
    const lost = accepted.filter((id) => !['succeeded', 'failed', 'spilled'].includes(fate(id)));
    expectThat(
      lost.length === 0,
      `each of the ${accepted.length} accepted jobs to succeed, fail after MAX_ATTEMPTS=${maxAttempts} attempts, or be in JOBS_SPILL_FILE`,
      () => `${lost.map((id) => `${id === flaky ? 'the job failing once' : id === lateId ? 'the job accepted at SIGTERM' : `job ${id}`}: ${fate(id)}`).join('; ')} (${describeExit(exit)})`,
    );
    const twice = accepted.filter((id) => spilled.has(id) && byJob.get(id)?.some((attempt) => attempt.ok));
    expectThat(twice.length === 0, 'no job both done and spilled: it would run twice', () => `${twice.length} such jobs`);
  },
});

export const deadlineSpillsRunning = defineCheck({
  id: 'shutdown.deadline-spills-running',
  needs: ['signals'],
  title: 'Past SHUTDOWN_TIMEOUT_MS, the jobs still running are spilled too and the process exits',
  points: 2,
  hint: 'Lesson 09, "Draining on SIGTERM": in drain(), race the wait for running jobs against a timer of timeoutMs (SHUTDOWN_TIMEOUT_MS); when it fires, add the jobs still running to the spill file (they will run again: at least once) and resolve, before the orchestrator\'s SIGKILL.',
  async run(context) {
    const timeoutMs = 800;
    const { service, runningIds, waitingIds } = await signalWithJobs(context, {
      running: 1,
      waiting: 1,
      durationMs: 6000,
      env: { SHUTDOWN_TIMEOUT_MS: String(timeoutMs) },
    });
    const signalledAtMs = service.elapsedMs();
    context.measure('inherentWaitMs', timeoutMs);
    context.step('waiting for the deadline');
    const exit = await service.waitForExit(timeoutMs + 2 * PROMPT_MS);
    expectThat(
      exit !== undefined,
      `with SHUTDOWN_TIMEOUT_MS=${timeoutMs} and a job of 6 s running, the process to exit about ${timeoutMs} ms after SIGTERM`,
      () => `still running ${timeoutMs + 2 * PROMPT_MS} ms after SIGTERM`,
    );
    context.measure('exitAfterSignalMs', exit.atMs - signalledAtMs);
    const spilled = await spilledJobs(service);
    expectThat(
      spilled.has(runningIds[0]!) && spilled.has(waitingIds[0]!),
      'JOBS_SPILL_FILE to hold the job cut off by the deadline as well as the one never started',
      () => `it lists ${JSON.stringify([...spilled.keys()])}; running ${runningIds[0]}, waiting ${waitingIds[0]}`,
    );
  },
});

export const checks = [
  serviceAnswers,
  accepted,
  status,
  concurrencyLimit,
  bounded,
  historyBounded,
  fullRetryAfter,
  backoffGrows,
  jittered,
  maxAttempts,
  failedListed,
  idempotencyKey,
  refusesNewJobs,
  drainsRunning,
  spillsQueued,
  nothingLost,
  deadlineSpillsRunning,
];
