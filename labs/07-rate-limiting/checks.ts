/**
 * @module
 * The checks of lab 07, rate limiting. Each starts its own service with small limits and a window
 * set by its environment (RATE_LIMIT_WINDOW_MS, RATE_LIMIT_PER_IP, RATE_LIMIT_GLOBAL,
 * RATE_LIMIT_LOGIN, TRUST_PROXY), sends requests whose every client it chooses, and judges the
 * answers. A client is a loopback source address (127.0.0.2, 127.0.0.3, …, bound as the request's
 * local address, so the service's socket sees a different peer), or, behind a trusted proxy, an
 * X-Forwarded-For value.
 *
 * Each requirement lesson 07 states (its section in brackets) → the checks that prove it:
 *
 * - listens on PORT and HOST, keeps the routes of src/app.ts ("The lab") → service.answers, service.listens-on-host
 * - one client's burst never limits another: per-client limits keyed on the socket's address
 *   ("Who is the client?") → limit.per-client
 * - all clients together never get more than RATE_LIMIT_GLOBAL a window ("Per client, global, per route")
 *   → limit.global-cap
 * - POST /login has its own, stricter policy (RATE_LIMIT_LOGIN) ("Per client, global, per route") → limit.login-stricter
 * - a refused request never reaches its handler: login attempts over the limit check no password
 *   ("Where the limiter runs") → limit.before-handler
 * - the quota comes back when the window has passed ("Algorithms") → limit.refills
 * - the 429 says when to come back: Retry-After in whole seconds, no later than the window
 *   ("Telling clients: 429 and its headers") → limit.retry-after
 * - the 429 carries RateLimit (or RateLimit-Limit/-Remaining/-Reset) and RateLimit-Policy, IETF draft
 *   fields: remaining 0, the policy's limit, a reset within the window ("Telling clients") → limit.ratelimit-headers
 * - the 429 is `429 Too Many Requests` with an application/problem+json body ("Telling clients") → limit.problem-json
 * - a spoofed X-Forwarded-For changes nothing without TRUST_PROXY=true ("Who is the client?")
 *   → client.ignores-spoofed-forwarded-for
 * - with TRUST_PROXY=true, distinct X-Forwarded-For values are distinct clients ("Behind a proxy")
 *   → client.trusted-proxy
 * - … and the client is the last entry, the one the proxy appended: entries the client wrote before it
 *   cannot escape its limit ("Behind a proxy") → client.proxy-entry-counts
 * - GET /livez and GET /metrics are never limited, nor counted ("What not to limit") → limit.probes-exempt
 * - the limiter forgets clients whose window has passed: 10,000 distinct clients leave no lasting state
 *   ("Memory: a limiter is a map of clients") → limit.memory-bounded
 *
 * Margins: counts are exact (a limiter lets a request through or not), and every check but the refill
 * one finishes well inside its window, which is long (8 to 30 s) for that reason. The refill check
 * uses a 1.5 s window and waits two windows plus 300 ms after the first 429: every algorithm the
 * lesson compares (fixed window, sliding window log or counter, token bucket, GCRA) has the whole
 * quota back by then; a window taken for seconds, or a counter never reset, does not.
 *
 * Memory is judged by the rate_limit_tracked_clients gauge that src/metrics.ts reads from the
 * limiter (RateLimits.trackedClients), not by the heap: 10,000 entries of a map are a megabyte or
 * two, less than the heap moves between two garbage collections the checks cannot trigger, so a heap
 * reading would pass a leak or fail a correct service by chance. The heap's growth is measured and
 * reported beside it. The gauge must count the flood (at least 100 clients right after it, whatever
 * its pace) and fall below half of it once two windows have passed.
 */
import { listensOnHost } from '../../src/engine/common-checks.ts';
import { defineCheck, expectThat, fail } from '../../src/engine/check.ts';
import {
  type Answer,
  burst,
  expectLimitedAfter,
  get,
  limited,
  limitsEnv,
  metricValue,
  rateLimitFields,
  shownAnswer,
  statuses,
  wrongLogin,
} from './traffic.ts';

/** Long enough that no check but the refill one ever sees a window end. */
const LONG_WINDOW_MS = 30_000;
/** Loopback source addresses: each is a client of its own to the service. */
const client = (n: number) => `127.0.0.${n + 1}`;

export const serviceAnswers = defineCheck({
  id: 'service.answers',
  title: 'The service starts and answers GET /items',
  points: 1,
  hint: 'Lesson 07, "The lab": the service must listen on process.env.PORT and keep the routes of src/app.ts.',
  async run(context) {
    const service = await context.start();
    const outcome = await service.request('/items');
    expectThat(outcome.kind === 'response' && outcome.status === 200, 'GET /items to answer HTTP 200', () => shownAnswer(outcome));
  },
});

export const listensOnHostCheck = listensOnHost({ lesson: 'Lesson 07', path: '/livez' });

export const perClient = defineCheck({
  id: 'limit.per-client',
  needs: ['second-loopback'],
  title: "One client's burst is limited, and never limits another client",
  points: 3,
  hint: 'Lesson 07, "Who is the client?": key the per-client limit on the address at the other end of the socket (getConnInfo(c).remote.address), one counter per client, with RATE_LIMIT_PER_IP requests a window.',
  async run(context) {
    const limits = { windowMs: LONG_WINDOW_MS, perIp: 5, global: 100, login: 5 };
    const service = await context.start({ env: limitsEnv(limits) });
    const [first, second] = [client(1), client(2)];
    context.step(`sending ${limits.perIp + 2} GET /items from ${first}`);
    const burstOfFirst = await burst(limits.perIp + 2, () => get(service, '/items', { address: first }));
    expectLimitedAfter(
      burstOfFirst,
      limits.perIp,
      `${limits.perIp + 2} GET /items from ${first} within one window, with RATE_LIMIT_PER_IP=${limits.perIp}`,
      burstOfFirst.some(limited) ? '' : 'no limit per client',
    );
    context.step(`sending ${limits.perIp} GET /items from ${second}`);
    const burstOfSecond = await burst(limits.perIp, () => get(service, '/items', { address: second }));
    expectThat(
      !burstOfSecond.some(limited),
      `${second}, another client, to get its own ${limits.perIp} answers while ${first} is limited`,
      () => `${statuses(burstOfSecond)}: one client's burst limited another (one counter for everyone, or a key that is not the client's address)`,
    );
  },
});

export const globalCap = defineCheck({
  id: 'limit.global-cap',
  needs: ['second-loopback'],
  title: 'All clients together get no more than RATE_LIMIT_GLOBAL answers a window',
  points: 3,
  hint: 'Lesson 07, "Per client, global, per route": a second limiter whose key is the same for every request (e.g. "all clients"), with RATE_LIMIT_GLOBAL a window, after the per-client one.',
  async run(context) {
    const limits = { windowMs: LONG_WINDOW_MS, perIp: 5, global: 12, login: 5 };
    const service = await context.start({ env: limitsEnv(limits) });
    const clients = [1, 2, 3, 4].map(client);
    const each = 4; // under the per-client limit: only the global cap can refuse them
    context.step(`sending ${each} GET /items from each of ${clients.join(', ')}, in turn`);
    const answers = await burst(clients.length * each, (index) => get(service, '/items', { address: clients[index % clients.length] }));
    const accepted = answers.filter((answer) => !limited(answer)).length;
    expectThat(
      accepted === limits.global,
      `exactly ${limits.global} of ${answers.length} GET /items from ${clients.length} clients (${each} each, under RATE_LIMIT_PER_IP=${limits.perIp}) to be answered within one window, with RATE_LIMIT_GLOBAL=${limits.global}, and the rest 429`,
      () =>
        `${accepted} answered (${statuses(answers)})${
          accepted <= limits.global ? '' : answers.some(limited) ? ': limits per client alone let any number of clients through together' : ': nothing refused them'
        }`,
    );
    const latecomer = await get(service, '/items', { address: client(5) });
    expectThat(
      limited(latecomer),
      `a GET /items from ${client(5)}, a new client, to be refused 429 too: the service's capacity is used up for everyone`,
      () => shownAnswer(latecomer),
    );
  },
});

export const loginStricter = defineCheck({
  id: 'limit.login-stricter',
  title: 'POST /login is limited sooner than GET /items, by its own policy',
  points: 3,
  hint: 'Lesson 07, "Per client, global, per route": the `login` middleware is a limiter of its own keyed on the client, with RATE_LIMIT_LOGIN attempts a window: guessing passwords must be much slower than reading the catalogue.',
  async run(context) {
    const limits = { windowMs: LONG_WINDOW_MS, perIp: 6, global: 100, login: 2 };
    const service = await context.start({ env: limitsEnv(limits) });
    context.step(`sending ${limits.login + 1} POST /login with a wrong password`);
    const attempts = await burst(limits.login + 1, () => wrongLogin(service));
    expectLimitedAfter(
      attempts,
      limits.login,
      `${limits.login + 1} POST /login within one window, with RATE_LIMIT_LOGIN=${limits.login} and RATE_LIMIT_PER_IP=${limits.perIp}`,
      attempts.some(limited) ? '' : `login attempts are limited no sooner than other requests`,
    );
    context.step('sending 3 GET /items from the same client');
    const reads = await burst(3, () => get(service, '/items'));
    expectThat(
      !reads.some(limited),
      `GET /items from the same client still answered (3 more requests, within RATE_LIMIT_PER_IP=${limits.perIp}): the login policy limits logins only`,
      () => statuses(reads),
    );
  },
});

export const beforeHandler = defineCheck({
  id: 'limit.before-handler',
  title: 'A login attempt over the limit is refused before the handler checks its password',
  points: 3,
  hint: 'Lesson 07, "Where the limiter runs": decide before await next(), and return the 429 without calling it; a limiter that looks at the answer after the handler ran lets every guess be tried.',
  async run(context) {
    const limits = { windowMs: LONG_WINDOW_MS, perIp: 20, global: 100, login: 2 };
    const service = await context.start({ env: limitsEnv(limits) });
    const before = (await metricValue(service, 'login_attempts_total')) ?? 0;
    const sent = limits.login + 4;
    context.step(`sending ${sent} POST /login with a wrong password`);
    const attempts = await burst(sent, () => wrongLogin(service));
    const refused = attempts.filter(limited).length;
    expectThat(refused > 0, `some of ${sent} POST /login to be refused 429, with RATE_LIMIT_LOGIN=${limits.login}`, () => statuses(attempts));
    const checked = ((await metricValue(service, 'login_attempts_total')) ?? 0) - before;
    expectThat(
      checked === sent - refused,
      `login_attempts_total (passwords the handler checked) to grow by ${sent - refused}, the attempts answered, and not for the ${refused} refused with 429`,
      () => `it grew by ${checked}${checked >= sent ? ': the handler ran for every attempt, refused ones included' : ''}`,
    );
  },
});

export const refills = defineCheck({
  id: 'limit.refills',
  title: 'A limited client gets its whole quota back once its window has passed',
  points: 3,
  hint: 'Lesson 07, "Algorithms": the window is RATE_LIMIT_WINDOW_MS milliseconds (pass it as windowMs as it is); a counter must start again when its window ends.',
  timeoutMs: 20_000,
  async run(context) {
    const limits = { windowMs: 1500, perIp: 3, global: 100, login: 3 };
    const service = await context.start({ env: limitsEnv(limits) });
    context.step(`sending ${limits.perIp + 1} GET /items`);
    const first = await burst(limits.perIp + 1, () => get(service, '/items'));
    expectLimitedAfter(first, limits.perIp, `${limits.perIp + 1} GET /items with RATE_LIMIT_PER_IP=${limits.perIp}`, '');
    // Two windows: a sliding-window counter still weighs the previous window during the next one.
    const waitMs = 2 * limits.windowMs + 300;
    context.step(`waiting ${waitMs} ms, two ${limits.windowMs} ms windows and a margin`);
    await context.sleep(waitMs);
    context.measure('inherentWaitMs', waitMs);
    const again = await burst(limits.perIp + 1, () => get(service, '/items'));
    expectLimitedAfter(
      again,
      limits.perIp,
      `after waiting ${waitMs} ms (RATE_LIMIT_WINDOW_MS=${limits.windowMs}), ${limits.perIp + 1} more GET /items: the whole quota back, and the limit still applied`,
      again.every(limited) ? 'the window never ended' : '',
    );
  },
});

/** Sends requests until one is refused; fails if none is within `limit + 1`. */
async function firstRefusal(service: Parameters<typeof get>[0], limit: number, env: string): Promise<Answer> {
  const answers = await burst(limit + 1, () => get(service, '/items'));
  const refusal = answers.at(-1)!;
  if (!limited(refusal)) {
    fail(`request ${limit + 1} of GET /items within one window to be refused 429 Too Many Requests, with ${env}`, `${statuses(answers)}; the last: ${shownAnswer(refusal)}`);
  }
  return refusal;
}

export const retryAfter = defineCheck({
  id: 'limit.retry-after',
  title: 'A 429 says when to come back: Retry-After in whole seconds, no later than the window ends',
  points: 2,
  hint: 'Lesson 07, "Telling clients: 429 and its headers": Retry-After is delta-seconds (RFC 9110), a whole number of seconds, never milliseconds; hono-rate-limiter sets it on every 429 when standardHeaders is on.',
  async run(context) {
    const limits = { windowMs: 8000, perIp: 2, global: 100, login: 2 };
    const service = await context.start({ env: limitsEnv(limits) });
    const refusal = await firstRefusal(service, limits.perIp, `RATE_LIMIT_PER_IP=${limits.perIp}`);
    const header = refusal.headers['retry-after'];
    const most = Math.ceil(limits.windowMs / 1000);
    const seconds = header !== undefined && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
    expectThat(
      seconds !== undefined && seconds >= 1 && seconds <= most,
      `Retry-After on the 429: a whole number of seconds from 1 to ${most} (RATE_LIMIT_WINDOW_MS=${limits.windowMs})`,
      () => (header === undefined ? 'no Retry-After: a client can only guess, and retries at once' : `Retry-After: ${header}${seconds !== undefined && seconds > most ? ', later than the window ends (milliseconds?)' : ''}`),
    );
  },
});

export const rateLimitHeaders = defineCheck({
  id: 'limit.ratelimit-headers',
  title: 'A 429 carries the RateLimit and RateLimit-Policy fields: the limit, nothing remaining, the reset',
  points: 2,
  hint: 'Lesson 07, "Telling clients: 429 and its headers": hono-rate-limiter writes the IETF draft\'s fields with standardHeaders "draft-7" (RateLimit, RateLimit-Policy) or "draft-6" (RateLimit-Limit, -Remaining, -Reset); X-RateLimit-* are no standard.',
  async run(context) {
    const limits = { windowMs: 8000, perIp: 2, global: 100, login: 2 };
    const service = await context.start({ env: limitsEnv(limits) });
    const refusal = await firstRefusal(service, limits.perIp, `RATE_LIMIT_PER_IP=${limits.perIp}`);
    const fields = rateLimitFields(refusal.headers);
    const most = Math.ceil(limits.windowMs / 1000);
    const policyNumbers = (fields.policy?.match(/\d+/g) ?? []).map(Number);
    expectThat(
      fields.remaining === 0 &&
        (fields.limit === undefined || fields.limit === limits.perIp) &&
        fields.reset !== undefined &&
        fields.reset >= 0 &&
        fields.reset <= most &&
        policyNumbers.includes(limits.perIp),
      `the 429's RateLimit fields to say remaining 0, reset in 0 to ${most} s, and a RateLimit-Policy with the limit ${limits.perIp} (RATE_LIMIT_PER_IP), e.g. "RateLimit: limit=${limits.perIp}, remaining=0, reset=${most}" and "RateLimit-Policy: ${limits.perIp};w=${most}"`,
      () => fields.shown,
    );
  },
});

export const problemJson = defineCheck({
  id: 'limit.problem-json',
  title: 'Over the limit, the answer is 429 Too Many Requests with an application/problem+json body',
  points: 2,
  hint: 'Lesson 07, "Telling clients: 429 and its headers": give the limiter a handler that answers with problem() from src/problem.ts, status 429; the library\'s default answer is plain text.',
  async run(context) {
    const limits = { windowMs: LONG_WINDOW_MS, perIp: 2, global: 100, login: 2 };
    const service = await context.start({ env: limitsEnv(limits) });
    const answers = await burst(limits.perIp + 1, () => get(service, '/items'));
    const refusal = answers.at(-1)!;
    expectThat(
      refusal.status === 429,
      `request ${limits.perIp + 1} of GET /items within one window (RATE_LIMIT_PER_IP=${limits.perIp}) to be answered 429 Too Many Requests`,
      () => `${statuses(answers)}${refusal.status === 503 ? ': 503 says the service is down, and sends load balancers away from a healthy instance' : ''}`,
    );
    const type = refusal.headers['content-type'] ?? '';
    let body: unknown;
    try {
      body = JSON.parse(refusal.body);
    } catch {
      body = undefined;
    }
    const problem = body as { status?: unknown; title?: unknown } | undefined;
    expectThat(
      type.split(';')[0]!.trim().toLowerCase() === 'application/problem+json' && problem?.status === 429 && typeof problem.title === 'string' && problem.title !== '',
      'Content-Type: application/problem+json and a JSON body with "status": 429 and a "title" (RFC 9457)',
      () => `Content-Type: ${type || '(none)'}, body ${refusal.body.slice(0, 200) || '(empty)'}`,
    );
  },
});

export const ignoresSpoofedForwardedFor = defineCheck({
  id: 'client.ignores-spoofed-forwarded-for',
  title: 'Without TRUST_PROXY=true, a new X-Forwarded-For on each request does not make a new client',
  points: 3,
  hint: 'Lesson 07, "Who is the client?": X-Forwarded-For is a header anyone can write; read it only when TRUST_PROXY is true, and otherwise key on the socket\'s address.',
  async run(context) {
    const limits = { windowMs: LONG_WINDOW_MS, perIp: 3, global: 100, login: 3 };
    const service = await context.start({ env: limitsEnv(limits) });
    context.step(`sending ${limits.perIp + 2} GET /items, each with another X-Forwarded-For`);
    const answers = await burst(limits.perIp + 2, (index) => get(service, '/items', { forwardedFor: `198.51.100.${index + 10}` }));
    expectLimitedAfter(
      answers,
      limits.perIp,
      `${limits.perIp + 2} GET /items from one socket address, each claiming another X-Forwarded-For, with TRUST_PROXY unset and RATE_LIMIT_PER_IP=${limits.perIp}`,
      answers.some(limited) ? '' : 'a client that writes a new X-Forwarded-For on each request is never limited',
    );
  },
});

export const trustedProxy = defineCheck({
  id: 'client.trusted-proxy',
  title: 'With TRUST_PROXY=true, distinct X-Forwarded-For addresses are distinct clients',
  points: 2,
  hint: 'Lesson 07, "Behind a proxy": behind a proxy every request comes from the proxy\'s address; with TRUST_PROXY=true the client is the address the proxy wrote in X-Forwarded-For.',
  async run(context) {
    const limits = { windowMs: LONG_WINDOW_MS, perIp: 3, global: 100, login: 3, trustProxy: true };
    const service = await context.start({ env: limitsEnv(limits) });
    const [first, second] = ['203.0.113.7', '203.0.113.8'];
    const burstOfFirst = await burst(limits.perIp + 1, () => get(service, '/items', { forwardedFor: first }));
    expectLimitedAfter(burstOfFirst, limits.perIp, `${limits.perIp + 1} GET /items forwarded for ${first}, with TRUST_PROXY=true and RATE_LIMIT_PER_IP=${limits.perIp}`, '');
    const burstOfSecond = await burst(limits.perIp, () => get(service, '/items', { forwardedFor: second }));
    expectThat(
      !burstOfSecond.some(limited),
      `GET /items forwarded for ${second} to get its own ${limits.perIp} answers: behind the trusted proxy it is another client`,
      () => `${statuses(burstOfSecond)}: every client behind the proxy shares the proxy's limit`,
    );
  },
});

export const proxyEntryCounts = defineCheck({
  id: 'client.proxy-entry-counts',
  title: 'Behind the trusted proxy, the client is the last X-Forwarded-For entry, the one the proxy appended',
  points: 2,
  hint: 'Lesson 07, "Behind a proxy": a proxy appends the address it saw to whatever X-Forwarded-For the client sent; with one trusted proxy, only the last entry is true, and the first is whatever the client wrote.',
  async run(context) {
    const limits = { windowMs: LONG_WINDOW_MS, perIp: 3, global: 100, login: 3, trustProxy: true };
    const service = await context.start({ env: limitsEnv(limits) });
    const real = '203.0.113.9';
    context.step(`sending ${limits.perIp + 2} GET /items from ${real}, each with another address written before it`);
    const answers = await burst(limits.perIp + 2, (index) => get(service, '/items', { forwardedFor: `198.51.100.${index + 10}, ${real}` }));
    expectLimitedAfter(
      answers,
      limits.perIp,
      `${limits.perIp + 2} GET /items with X-Forwarded-For "198.51.100.<new>, ${real}" (TRUST_PROXY=true, RATE_LIMIT_PER_IP=${limits.perIp}): one client, ${real}`,
      answers.some(limited) ? '' : 'never limited: the entry the client wrote was taken as the client (or nothing limits at all)',
    );
  },
});

export const probesExempt = defineCheck({
  id: 'limit.probes-exempt',
  title: 'GET /livez and GET /metrics are never limited, nor counted against the client',
  points: 2,
  hint: 'Lesson 07, "What not to limit": skip /livez and /metrics before counting (hono/combine\'s except(), or the limiter\'s skip option); a kubelet that gets 429 from a liveness probe restarts a healthy, busy service.',
  async run(context) {
    const limits = { windowMs: LONG_WINDOW_MS, perIp: 3, global: 100, login: 3 };
    const service = await context.start({ env: limitsEnv(limits) });
    context.step('sending 6 GET /livez and 4 GET /metrics');
    const probes = await burst(10, (index) => get(service, index < 6 ? '/livez' : '/metrics'));
    expectThat(!probes.some(limited), 'GET /livez and GET /metrics answered every time', () => statuses(probes));
    context.step(`sending ${limits.perIp + 1} GET /items from the same client`);
    const items = await burst(limits.perIp + 1, () => get(service, '/items'));
    expectLimitedAfter(items, limits.perIp, `${limits.perIp + 1} GET /items after the probes and scrapes, which must not count (RATE_LIMIT_PER_IP=${limits.perIp})`, '');
    const whileLimited = await burst(4, (index) => get(service, index % 2 ? '/metrics' : '/livez'));
    expectThat(
      !whileLimited.some(limited),
      'GET /livez and GET /metrics still answered while the client is limited',
      () => `${statuses(whileLimited)}: a limited probe restarts a healthy service, a limited scrape hides the flood from the dashboard`,
    );
  },
});

/** Distinct clients the memory check sends through the trusted proxy. */
const FLOOD_CLIENTS = 10_000;
/** Keep-alive connections the flood is spread over. */
const FLOOD_CONNECTIONS = 16;
const TRACKED = 'rate_limit_tracked_clients';

export const memoryBounded = defineCheck({
  id: 'limit.memory-bounded',
  title: `The limiter forgets clients whose window has passed: ${FLOOD_CLIENTS.toLocaleString('en')} distinct clients leave no lasting state`,
  points: 3,
  timeoutMs: 90_000,
  hint: 'Lesson 07, "Memory: a limiter is a map of clients": every client whose window has ended must leave the map (hono-rate-limiter\'s MemoryStore drops them after two windows), and trackedClients() must say how many it holds.',
  async run(context) {
    const limits = { windowMs: 1000, perIp: 5, global: 1_000_000, login: 5, trustProxy: true };
    const service = await context.start({ env: limitsEnv(limits) });
    const heapBefore = await metricValue(service, 'nodejs_heap_size_used_bytes');
    context.step(`sending GET /items from ${FLOOD_CLIENTS} distinct X-Forwarded-For addresses through a trusted proxy`);
    const connections = Array.from({ length: FLOOD_CONNECTIONS }, () => service.openKeepAliveConnection());
    let next = 0;
    const started = performance.now();
    await Promise.all(
      connections.map(async (connection) => {
        for (let index = next++; index < FLOOD_CLIENTS; index = next++) {
          await get(service, '/items', { connection, forwardedFor: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}` });
        }
      }),
    );
    for (const connection of connections) connection.close();
    context.measure('floodRequestsPerSecond', Math.round(FLOOD_CLIENTS / ((performance.now() - started) / 1000)));
    const peak = await metricValue(service, TRACKED);
    // However slow the flood, far more than this many of its clients fall within the last two windows.
    const leastAtPeak = 100;
    expectThat(
      peak !== undefined && peak >= leastAtPeak,
      `${TRACKED} (src/metrics.ts reads it from trackedClients()) to count the clients the limiter holds: at least ${leastAtPeak} right after ${FLOOD_CLIENTS} distinct ones`,
      () => (peak === undefined ? `no ${TRACKED} in GET /metrics` : `${peak}: trackedClients() must say how many clients the limiter keeps`),
    );
    const waitMs = 2 * limits.windowMs + 500;
    context.step(`waiting ${waitMs} ms, two windows and a margin, then sending one more request`);
    await context.sleep(waitMs);
    context.measure('inherentWaitMs', waitMs);
    await get(service, '/items', { forwardedFor: '192.0.2.1' });
    const after = (await metricValue(service, TRACKED)) ?? 0;
    const heapAfter = await metricValue(service, 'nodejs_heap_size_used_bytes');
    if (heapBefore !== undefined && heapAfter !== undefined) context.measure('heapGrowthBytes', heapAfter - heapBefore);
    context.measure('trackedAtPeak', peak);
    context.measure('trackedAfterTwoWindows', after);
    expectThat(
      after < FLOOD_CLIENTS / 2,
      `${TRACKED} below ${FLOOD_CLIENTS / 2} two windows after the flood (RATE_LIMIT_WINDOW_MS=${limits.windowMs}): the clients whose window ended forgotten`,
      () => `${after} (${peak} right after the flood): a map that only grows is a memory leak any client behind a proxy, or any scanner of IPv6 addresses, can drive`,
    );
  },
});

export const checks = [
  serviceAnswers,
  listensOnHostCheck,
  perClient,
  globalCap,
  loginStricter,
  beforeHandler,
  refills,
  retryAfter,
  rateLimitHeaders,
  problemJson,
  ignoresSpoofedForwardedFor,
  trustedProxy,
  proxyEntryCounts,
  probesExempt,
  memoryBounded,
];
