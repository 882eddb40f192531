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
 * - the per-client limit runs before the global cap, so a client's refused flood never counts against
 *   everyone's capacity ("Where the limiter runs") → limit.per-client-before-global
 * - POST /login has its own, stricter policy (RATE_LIMIT_LOGIN) ("Per client, global, per route") → limit.login-stricter
 * - a refused request never reaches its handler: login attempts over the limit check no password
 *   ("Where the limiter runs") → limit.before-handler
 * - the quota comes back when the window has passed ("Algorithms") → limit.refills
 * - the 429 says when to come back: Retry-After in whole seconds, no later than the window
 *   ("Telling clients: 429 and its headers") → limit.retry-after
 * - the 429 carries RateLimit (or RateLimit-Limit/-Remaining/-Reset) and RateLimit-Policy, IETF draft
 *   fields: remaining 0, the policy's limit, a reset within the window ("Telling clients") → limit.ratelimit-headers
 * - on an answered request, the RateLimit fields describe the policy closest to its limit, the one with
 *   the least remaining ("The RateLimit fields") → limit.ratelimit-closest-policy
 * - the 429 is `429 Too Many Requests` with an application/problem+json body ("Telling clients") → limit.problem-json
 * - a spoofed X-Forwarded-For changes nothing without TRUST_PROXY=true ("Who is the client?")
 *   → client.ignores-spoofed-forwarded-for
 * - with TRUST_PROXY=true, distinct X-Forwarded-For values are distinct clients ("Behind a proxy")
 *   → client.trusted-proxy
 * - … and the client is the last entry, the one the proxy appended: entries the client wrote before it
 *   cannot escape its limit ("Behind a proxy") → client.proxy-entry-counts
 * - GET /livez and GET /metrics are never limited, nor counted ("What not to limit") → limit.probes-exempt
 * - the limiter forgets clients whose window has passed: 90,000 new clients leave the service's memory
 *   where it was ("Memory: a limiter is a map of clients") → limit.memory-bounded
 *
 * Margins: counts are exact (a limiter lets a request through or not), and every check but the refill
 * one finishes well inside its window, which is long (8 to 30 s) for that reason. The refill check
 * uses a 1.5 s window and waits two windows plus 300 ms after the first 429: every algorithm the
 * lesson compares (fixed window, sliding window log or counter, token bucket, GCRA) has the whole
 * quota back by then; a window taken for seconds, or a counter never reset, does not.
 *
 * Memory is judged from outside the process, by the resident memory the operating system counts for
 * the service (ServiceInstance.residentMemoryBytes), never by what the service reports: its
 * rate_limit_tracked_clients gauge is read from the learner's own trackedClients(), and only shown in
 * the message. A heap moves by megabytes between collections, so the check makes the leak it looks for
 * large: 30,000 clients first (the process grows to its working size), a reading, 90,000 more, a
 * reading. A small young generation (--max-semi-space-size=1) makes memory follow what the process keeps
 * rather than the garbage it made. Measured here, three runs each: the reference grows by -40 to -15
 * bytes a client, an lru-cache of 20,000 by -1 to +12, a map never pruned by 175 to 186; the line is 64.
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
  shownExit,
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

export const perClientBeforeGlobal = defineCheck({
  id: 'limit.per-client-before-global',
  needs: ['second-loopback'],
  title: "A flooding client's refused requests do not use up the global cap for everyone else",
  points: 3,
  hint: 'Lesson 07, "Where the limiter runs": run the per-client limiter before the global one (every(perClient, global)), so that a request refused for its client ends the chain before the global cap counts it.',
  async run(context) {
    const limits = { windowMs: LONG_WINDOW_MS, perIp: 3, global: 8, login: 3 };
    const service = await context.start({ env: limitsEnv(limits) });
    const [flooder, other] = [client(1), client(2)];
    // Far more than the global cap: counted globally, its refusals alone would use the cap up.
    const flood = 2 * limits.global;
    context.step(`sending ${flood} GET /items from ${flooder}`);
    const answers = await burst(flood, () => get(service, '/items', { address: flooder }));
    expectLimitedAfter(answers, limits.perIp, `${flood} GET /items from ${flooder}, with RATE_LIMIT_PER_IP=${limits.perIp}`, '');
    context.step(`sending ${limits.perIp} GET /items from ${other}`);
    const share = await burst(limits.perIp, () => get(service, '/items', { address: other }));
    expectThat(
      !share.some(limited),
      `${other} to get its ${limits.perIp} answers: ${flooder} was answered ${limits.perIp} times, well under RATE_LIMIT_GLOBAL=${limits.global}, and its ${flood - limits.perIp} refused requests must not count against the cap`,
      () => `${statuses(share)}: the global cap counted the requests the per-client limit refused (is the global limiter before the per-client one?)`,
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

export const closestPolicyFields = defineCheck({
  id: 'limit.ratelimit-closest-policy',
  needs: ['second-loopback'],
  title: "On an answered request, the RateLimit fields describe the policy closest to its limit",
  points: 2,
  hint: 'Lesson 07, "The RateLimit fields": each limiter writes its own fields and the last one to run wins; give the limiters their own requestPropertyName and, once all of them admitted the request, write RateLimit and RateLimit-Policy from the one with the least remaining.',
  async run(context) {
    // After two requests from one client its own limit is the closer (3 left of 5, the cap 4 of 6);
    // the first request of another client leaves it 4 of 5 and the cap 3 of 6, the closer now.
    const limits = { windowMs: LONG_WINDOW_MS, perIp: 5, global: 6, login: 5 };
    const service = await context.start({ env: limitsEnv(limits) });
    const [first, second] = [client(1), client(2)];
    const answers = await burst(2, () => get(service, '/items', { address: first }));
    const expectFields = (answer: Answer, limit: number, remaining: number, what: string) => {
      const fields = rateLimitFields(answer.headers);
      const policyNumbers = (fields.policy?.match(/\d+/g) ?? []).map(Number);
      expectThat(
        answer.status === 200 && fields.remaining === remaining && (fields.limit === undefined || fields.limit === limit) && policyNumbers[0] === limit,
        `${what}: answered 200 with RateLimit fields saying limit ${limit}, remaining ${remaining}, and RateLimit-Policy ${limit} (the policy closest to its limit)`,
        () => `HTTP ${answer.status}, ${fields.shown}`,
      );
    };
    expectFields(answers[1]!, limits.perIp, limits.perIp - 2, `the second GET /items from ${first} (RATE_LIMIT_PER_IP=${limits.perIp}, RATE_LIMIT_GLOBAL=${limits.global}), whose own limit has ${limits.perIp - 2} left and the global cap ${limits.global - 2}`);
    const next = await get(service, '/items', { address: second });
    expectFields(next, limits.global, limits.global - 3, `the first GET /items from ${second}, whose own limit has ${limits.perIp - 1} left and the global cap ${limits.global - 3}`);
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

/** Clients sent first, so that the service's memory has grown to its working size before the baseline. */
const WARM_UP_CLIENTS = 30_000;
/** Clients sent after the baseline, each new: a limiter that keeps them all grows by roughly 200 bytes each. */
const MEASURED_CLIENTS = 90_000;
/** Growth per measured client above which memory is not bounded; a bounded limiter measures about 0. */
const MOST_BYTES_PER_CLIENT = 64;
/** Keep-alive connections the flood is spread over. */
const FLOOD_CONNECTIONS = 16;
const TRACKED = 'rate_limit_tracked_clients';

/** The index-th address of the documentation prefix 2001:db8::/32, written out in full as a scanner's would be. */
const scannedAddress = (index: number) => `2001:0db8:0000:0000:0000:0000:${hex4(index >>> 16)}:${hex4(index & 0xffff)}`;
const hex4 = (value: number) => value.toString(16).padStart(4, '0');

export const memoryBounded = defineCheck({
  id: 'limit.memory-bounded',
  needs: ['process-memory'],
  title: `The limiter forgets clients whose window has passed: ${MEASURED_CLIENTS.toLocaleString('en')} new clients leave the service's memory where it was`,
  points: 3,
  timeoutMs: 300_000,
  hint: 'Lesson 07, "Memory: a limiter is a map of clients": every client whose window has ended must leave the map (hono-rate-limiter\'s MemoryStore drops them after two windows; an lru-cache with a max bounds them by count); a map that only grows keeps every address any client behind a proxy ever sent.',
  async run(context) {
    const limits = { windowMs: 500, perIp: 5, global: 1_000_000, login: 5, trustProxy: true };
    // Memory that never grows proves nothing about a limiter that keeps no client at all: first, in a
    // service of its own with a long window (no request of a loaded machine straddles it), one client limited.
    const limiting = await context.start({ env: limitsEnv({ ...limits, windowMs: LONG_WINDOW_MS }) });
    const probe = scannedAddress(0xffff_ffff);
    const limitedFirst = await burst(limits.perIp + 1, () => get(limiting, '/items', { forwardedFor: probe }));
    expectLimitedAfter(limitedFirst, limits.perIp, `${limits.perIp + 1} GET /items forwarded for one client (TRUST_PROXY=true, RATE_LIMIT_PER_IP=${limits.perIp})`, 'a limiter that keeps no client cannot show that it forgets them');
    limiting.signal('SIGKILL');
    // A young generation of 1 MB: the memory the process holds then follows what it keeps, not how
    // much garbage it made since the last collection (Node's default young generation is far larger).
    const service = await context.start({ env: { ...limitsEnv(limits), NODE_OPTIONS: '--max-semi-space-size=1' } });
    let sent = 0;
    const flood = async (clients: number) => {
      const connections = Array.from({ length: FLOOD_CONNECTIONS }, () => service.openKeepAliveConnection());
      const end = sent + clients;
      await Promise.all(
        connections.map(async (connection) => {
          for (let index = sent++; index < end; index = sent++) await get(service, '/items', { connection, forwardedFor: scannedAddress(index) });
        }),
      );
      sent = end;
      for (const connection of connections) connection.close();
    };
    // Two windows and a margin: a bounded limiter has let every client of the flood go by then.
    const settle = () => context.sleep(2 * limits.windowMs + 500);
    const memory = async (when: string) => {
      const bytes = await service.residentMemoryBytes();
      if (bytes === undefined) fail(`the service to be running ${when}`, shownExit(service.exit, service.stderr()));
      return bytes;
    };

    context.step(`sending GET /items from ${WARM_UP_CLIENTS} distinct X-Forwarded-For addresses through a trusted proxy, to warm the service up`);
    await flood(WARM_UP_CLIENTS);
    await settle();
    const baseline = await memory(`after ${WARM_UP_CLIENTS} clients`);
    context.step(`sending GET /items from ${MEASURED_CLIENTS} more distinct addresses`);
    const started = performance.now();
    await flood(MEASURED_CLIENTS);
    context.measure('floodRequestsPerSecond', MEASURED_CLIENTS / ((performance.now() - started) / 1000));
    await settle();
    const after = await memory(`after ${WARM_UP_CLIENTS + MEASURED_CLIENTS} clients`);
    context.measure('inherentWaitMs', 2 * (2 * limits.windowMs + 500));
    const growthPerClient = (after - baseline) / MEASURED_CLIENTS;
    const tracked = await metricValue(service, TRACKED);
    context.measure('residentBytesAtBaseline', baseline);
    context.measure('residentGrowthBytes', after - baseline);
    context.measure('growthBytesPerClient', growthPerClient);
    if (tracked !== undefined) context.measure('trackedAfterTwoWindows', tracked);
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    expectThat(
      growthPerClient < MOST_BYTES_PER_CLIENT,
      `the service's memory (resident, read by the grader from outside the process) to grow by less than ${MOST_BYTES_PER_CLIENT} bytes per client while ${MEASURED_CLIENTS.toLocaleString('en')} new clients come and go, two windows after the last (RATE_LIMIT_WINDOW_MS=${limits.windowMs}): clients whose window ended forgotten`,
      () =>
        `${mb(baseline)} after the first ${WARM_UP_CLIENTS.toLocaleString('en')} clients, ${mb(after)} after ${MEASURED_CLIENTS.toLocaleString('en')} more: ${Math.round(growthPerClient)} bytes kept per client, a memory leak any client behind a proxy, or any scanner of IPv6 addresses, can drive${
          tracked === undefined ? '' : ` (the service's own ${TRACKED} says ${tracked})`
        }`,
    );
  },
});

export const checks = [
  serviceAnswers,
  listensOnHostCheck,
  perClient,
  globalCap,
  perClientBeforeGlobal,
  loginStricter,
  beforeHandler,
  refills,
  retryAfter,
  rateLimitHeaders,
  closestPolicyFields,
  problemJson,
  ignoresSpoofedForwardedFor,
  trustedProxy,
  proxyEntryCounts,
  probesExempt,
  memoryBounded,
];
