/**
 * @module
 * The checks of lab 02, environment-based configuration. Each starts its own copies of the service
 * with a chosen environment and, where it matters, a `.env` file in the service's working directory,
 * then judges what the service did: whether it started, what GET /info reports, how it exited and
 * what it printed.
 *
 * The lab's manifest gives every run a valid DATABASE_URL and SESSION_SECRET. A check that needs one
 * missing either sets it to the empty string, which the lab's contract treats as unset, or leaves it
 * out of the environment altogether (env.unset-required-fails-fast): a fallback written with `??`
 * tells the two apart. APP_ENV is never set by default: the service must assume production.
 *
 * What lesson 02 and LABS.md say the service must do, and the checks that prove it:
 *
 *   Requirement (lesson section)                                        Check(s)
 *   starts with a valid environment, answers GET /info ("The lab")      service.answers
 *   listens on the address in HOST (HOST=127.0.0.2 answers there)       service.listens-on-host
 *   every stdout line a JSON log, running or refusing ("Say what …")    logs.structured
 *   the start-up line logs the safe view: appEnv, logLevel, port,        logs.start-line-safe-view
 *     databaseHost ("Walkthrough: …", step 4)
 *   GET /info: appEnv, logLevel, port, databaseHost; no secret, no URL  env.info-has-no-secret
 *   DATABASE_URL required: refused when empty or unset, no default      env.missing-database-url-fails-fast,
 *     anywhere, development included ("Required means no default")        env.unset-required-fails-fast
 *   DATABASE_URL a URL with a host ("A schema with zod 4")              env.malformed-database-url-fails-fast
 *   SESSION_SECRET required, at least 32 characters                     env.short-session-secret-fails-fast,
 *                                                                          env.unset-required-fails-fast
 *   PORT an integer: "<port>abc" refused, not read as <port>            env.malformed-port-fails-fast
 *   APP_ENV one of development, test, production                        env.unknown-app-env-fails-fast
 *   LOG_LEVEL one of the logger's levels                                env.names-every-bad-variable
 *   every bad variable named in one refusal                             env.names-every-bad-variable (the rule beside
 *                                                                          each name is prose for a person: no check
 *                                                                          judges it, "Say what is wrong …")
 *   … for two readers: the report on stderr and one JSON line on        env.refusal-for-two-readers
 *     stdout both name every variable; no stack trace
 *   refused before the port opens ("Fail before you listen")            env.port-never-bound-on-failure
 *   no secret in any log line, error or response, even at debug         env.no-secret-in-output, env.info-has-no-secret
 *   .env in the working directory read in development                   env.dotenv-in-development
 *   … and a .env that exists but cannot be read stops the start        env.unreadable-dotenv-stops
 *   a real variable beats .env                                          env.real-env-beats-dotenv
 *   .env changes nothing outside development, supplies no secret        env.dotenv-ignored-in-production,
 *                                                                          env.dotenv-ignored-in-test
 *   APP_ENV defaults to production; neither .env nor NODE_ENV sets it   env.production-by-default
 *   an empty variable counts as unset                                   env.empty-means-unset (optional ones),
 *                                                                          the fail-fast checks (required ones)
 *   the same files run as development (no .env), test and production    env.same-code-every-environment
 *   PORT and HOST defaults (3000, 127.0.0.1); PORT= means 3000          none: the grader always sets both, as a fixed
 *                                                                          port would collide between parallel runs
 *                                                                          ("What the checks prove" says so)
 *   no .env in the image or in Git                                      none: a property of the repository and image
 *   process.env never read by a handler                                 none: src/app.ts is handed its values, and is
 *                                                                          not editable
 *   no branching on the environment's name to pick values               partly: env.unset-required-fails-fast catches a
 *                                                                          default only development gets; the rest is
 *                                                                          how the code reads ("Pitfalls" says so)
 *
 * FAIL_FAST_MS bounds how long a service with a bad environment may take to exit. Alone, the reference
 * refuses in about 350 ms from spawn to exit, nearly all of it Node starting and loading modules. With
 * the whole suite starting some thirty services at once on a 2-core machine (10 runs of the reference,
 * other graders sharing the machine at load average 30-50), that grew to 0.6-5.1 s. So the bound is the
 * one the harness already gives a healthy service to start answering, 10 s: a failing start may take as
 * long as a good one, no longer. What the checks tell apart is "exits" from "keeps running", and "never
 * answered" from "answered first"; no mistake they catch is a matter of milliseconds.
 */
import { listensOnHost } from '../../src/engine/common-checks.ts';
import { type CheckContext, CheckFailure, defineCheck, expectThat, fail } from '../../src/engine/check.ts';
import { firstUnstructuredLine, stdoutLines } from '../../src/engine/structured-logs.ts';
import { describeExit, describeOutcome } from '../../src/engine/describe.ts';
import type { ServiceInstance, StartOptions } from '../../src/engine/harness.ts';
import { hasStackTrace, watchFailedStart, whereSecretLeaks } from '../../src/engine/start-failure.ts';

/** Longest a service with a bad environment may run before it has exited. */
const FAIL_FAST_MS = 10_000;
/** For checks that start two or three services one after the other, each allowed its 10 s. */
const SEVERAL_STARTS_TIMEOUT_MS = 40_000;

/** What GET /info answered, as the service reported it. */
interface Info {
  appEnv?: unknown;
  logLevel?: unknown;
  port?: unknown;
  databaseHost?: unknown;
}

/** A value nobody would print by accident, so finding it in output means the service leaked it. */
function planted(prefix: string, length: number): string {
  let value = `${prefix}-`;
  while (value.length < length) value += Math.random().toString(36).slice(2);
  return value.slice(0, length);
}

function databaseUrl(host: string, password = 'lab-password'): string {
  return `postgres://app:${encodeURIComponent(password)}@${host}:5432/app`;
}

/** A `.env` file's text from name/value pairs, with a comment as a developer would write one. */
function dotenv(values: Record<string, string>): string {
  return ['# local development settings', ...Object.entries(values).map(([name, value]) => `${name}=${value}`), ''].join('\n');
}

/** The last `max` characters of what the service printed, for a failure message. */
function printed(service: ServiceInstance, max = 600): string {
  const text = `${service.stdout()}${service.stderr()}`
    .split('\n')
    // Node's own stack frames and version banner say nothing about the learner's code.
    .filter((line) => !/^\s+at .*\bnode:/.test(line) && !/^Node\.js v\d/.test(line))
    .join('\n')
    // The service runs in a temporary folder; the learner knows its files as src/….
    .replace(/(?:file:\/\/)?\/\S*?\/(?=src\/)/g, '')
    .trim();
  if (!text) return 'it printed nothing';
  const shown = text.length > max ? `…${text.slice(-max)}` : text;
  return `it printed:\n    ${shown.split('\n').join('\n    ')}`;
}

/**
 * Starts the service and reads GET /info. `situation` says, in a failure message, under which
 * environment it was started ("with APP_ENV=test").
 */
async function startAndReadInfo(
  context: CheckContext,
  situation: string,
  options: StartOptions = {},
): Promise<{ service: ServiceInstance; info: Info; body: string }> {
  context.step(`starting the service ${situation}`);
  let service: ServiceInstance;
  try {
    service = await context.start(options);
  } catch (error) {
    if (error instanceof CheckFailure) fail(`${situation}, ${error.expected}`, error.observed);
    throw error;
  }
  context.step(`sending GET /info to the service started ${situation}`);
  const outcome = await service.request('/info');
  if (outcome.kind !== 'response' || outcome.status !== 200) {
    fail(`${situation}, GET /info to answer HTTP 200`, describeOutcome(outcome));
  }
  let info: unknown;
  try {
    info = JSON.parse(outcome.body);
  } catch {
    fail(`${situation}, GET /info to answer JSON`, `the body ${JSON.stringify(outcome.body.slice(0, 200))}`);
  }
  if (!info || typeof info !== 'object') fail(`${situation}, GET /info to answer a JSON object`, `the body ${outcome.body.slice(0, 200)}`);
  return { service, info: info as Info, body: outcome.body };
}

/** Expects GET /info's `field` to be `expected`, explaining where the right value should have come from. */
function expectInfo(info: Info, field: keyof Info, expected: unknown, why: string): void {
  expectThat(info[field] === expected, `GET /info to report ${field} ${JSON.stringify(expected)} (${why})`, () =>
    info[field] === undefined ? `no ${field} in ${JSON.stringify(info)}` : `${field} ${JSON.stringify(info[field])}`,
  );
}

/** Whether `text` names the variable as a whole name: Node's own ERR_SOCKET_BAD_PORT does not name PORT. */
const namesVariable = (text: string, name: string) => new RegExp(`(?<![A-Z0-9_])${name}(?![A-Z0-9_])`).test(text);

/**
 * Starts the service with a bad environment and expects it to exit non-zero within FAIL_FAST_MS,
 * naming each of `variables` in its output (stdout or stderr, any format).
 */
async function expectRefusal(
  context: CheckContext,
  situation: string,
  { variables, ...startOptions }: Pick<StartOptions, 'env' | 'files' | 'unsetEnv' | 'formatPort'> & { variables: string[] },
): Promise<ServiceInstance> {
  context.step(`starting the service ${situation}`);
  const service = await context.start({ ...startOptions, waitUntilAnswering: false });
  const exit = await service.waitForExit(FAIL_FAST_MS);
  if (exit) context.measure('exitAfterSpawnMs', exit.atMs);
  if (!exit) {
    const answer = await service.request('/', { timeoutMs: 1000 });
    fail(
      `${situation}, the service to refuse to start: exit with a non-zero code within ${FAIL_FAST_MS} ms`,
      `still running after ${FAIL_FAST_MS} ms${answer.kind === 'response' ? `, and answering HTTP (GET / gave ${describeOutcome(answer)})` : ''}`,
    );
  }
  expectThat(exit.code !== 0 && exit.code !== null, `${situation}, a non-zero exit code`, () => describeExit(exit));
  const output = `${service.stdout()}\n${service.stderr()}`;
  const unnamed = variables.filter((name) => !namesVariable(output, name));
  expectThat(
    unnamed.length === 0,
    `${situation}, the output to name ${variables.join(', ')}, so an operator knows what to fix`,
    () => `no mention of ${unnamed.join(', ')}; ${printed(service)}`,
  );
  return service;
}

export const serviceAnswers = defineCheck({
  id: 'service.answers',
  title: 'With a valid environment, the service starts and answers GET /info',
  points: 1,
  hint: 'Lesson 02, "The lab": with DATABASE_URL and SESSION_SECRET set, the service must listen on PORT and HOST and keep the routes of src/app.ts.',
  async run(context) {
    await startAndReadInfo(context, 'with the lab\'s default environment');
  },
});

export const logsAreStructured = defineCheck({
  id: 'logs.structured',
  needs: ['signals'],
  title: 'Every line the service prints to stdout is a JSON log, even when it refuses to start',
  points: 1,
  timeoutMs: SEVERAL_STARTS_TIMEOUT_MS,
  hint: 'Lesson 02, "Say what is wrong, not what it was": log through src/log.ts; a human-readable report of the bad variables belongs on stderr, never as free text on stdout.',
  async run(context) {
    const { service: running } = await startAndReadInfo(context, 'with a valid environment');
    context.step('starting a second copy without DATABASE_URL');
    const refused = await context.start({ env: { DATABASE_URL: '' }, waitUntilAnswering: false });
    await refused.waitForExit(FAIL_FAST_MS);
    running.signal('SIGTERM');
    await running.waitForExit(2000);
    for (const [service, situation] of [
      [running, 'while running'],
      [refused, 'when started without DATABASE_URL'],
    ] as const) {
      const bad = firstUnstructuredLine(service);
      expectThat(
        !bad,
        `every stdout line ${situation} to be a JSON object with string fields level, msg and time`,
        () => `the line ${JSON.stringify(bad!.text.slice(0, 200))}`,
      );
    }
  },
});

export const infoHasNoSecret = defineCheck({
  id: 'env.info-has-no-secret',
  title: 'GET /info reports the environment, log level, port and database host, and no secret',
  points: 2,
  hint: 'Lesson 02, "Keep secrets out of output": /info needs the database host name (new URL(DATABASE_URL).hostname), never the URL itself, which carries the password.',
  async run(context) {
    const host = 'orders-db.internal';
    const password = planted('dbpassword', 24);
    const secret = planted('sessionsecret', 48);
    const url = databaseUrl(host, password);
    const { service, info, body } = await startAndReadInfo(context, 'with APP_ENV=test and LOG_LEVEL=warn', {
      env: { APP_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: url, SESSION_SECRET: secret },
    });
    for (const [what, value] of [
      ['SESSION_SECRET', secret],
      ['the database password', password],
      ['DATABASE_URL', url],
    ] as const) {
      expectThat(!body.includes(value), `GET /info never to include ${what}`, () => `it did: ${body.slice(0, 300)}`);
    }
    expectInfo(info, 'appEnv', 'test', 'from APP_ENV');
    expectInfo(info, 'logLevel', 'warn', 'from LOG_LEVEL');
    expectInfo(info, 'port', service.port, 'the port it listens on, as a number');
    expectThat(
      info.databaseHost === host || info.databaseHost === `${host}:5432`,
      `GET /info to report databaseHost "${host}", the host name of DATABASE_URL`,
      () => `databaseHost ${JSON.stringify(info.databaseHost)}`,
    );
  },
});

export const missingDatabaseUrlFailsFast = defineCheck({
  id: 'env.missing-database-url-fails-fast',
  title: 'Without DATABASE_URL the service refuses to start, and says which variable is missing',
  points: 2,
  hint: 'Lesson 02, "Required means no default": a required variable has no fallback (no || \'postgres://localhost…\'); when it is missing, exit non-zero before listening and name it.',
  async run(context) {
    await expectRefusal(context, 'with DATABASE_URL empty', { env: { DATABASE_URL: '' }, variables: ['DATABASE_URL'] });
  },
});

export const malformedDatabaseUrlFailsFast = defineCheck({
  id: 'env.malformed-database-url-fails-fast',
  title: 'A DATABASE_URL that is not a URL with a host (localhost/app, localhost:5432) stops the start, naming the variable',
  points: 1,
  timeoutMs: SEVERAL_STARTS_TIMEOUT_MS,
  hint: 'Lesson 02, "A schema with zod 4": check the shape, not just the presence. z.url() rejects "localhost/app" but accepts "localhost:5432" (scheme "localhost:", no host): narrow it with the protocol and hostname options.',
  async run(context) {
    await expectRefusal(context, 'with DATABASE_URL=localhost/app', { env: { DATABASE_URL: 'localhost/app' }, variables: ['DATABASE_URL'] });
    await expectRefusal(context, 'with DATABASE_URL=localhost:5432, a URL with no host', { env: { DATABASE_URL: 'localhost:5432' }, variables: ['DATABASE_URL'] });
  },
});

export const shortSessionSecretFailsFast = defineCheck({
  id: 'env.short-session-secret-fails-fast',
  title: 'A missing or short SESSION_SECRET (under 32 characters) stops the start, naming the variable',
  points: 2,
  timeoutMs: SEVERAL_STARTS_TIMEOUT_MS,
  hint: 'Lesson 02, "A schema with zod 4": z.string().min(32) for SESSION_SECRET, with no default; an empty value counts as missing.',
  async run(context) {
    await expectRefusal(context, 'with SESSION_SECRET empty', { env: { SESSION_SECRET: '' }, variables: ['SESSION_SECRET'] });
    await expectRefusal(context, 'with a 31-character SESSION_SECRET', {
      env: { SESSION_SECRET: planted('short', 31) },
      variables: ['SESSION_SECRET'],
    });
  },
});

export const unsetRequiredFailsFast = defineCheck({
  id: 'env.unset-required-fails-fast',
  title: 'With DATABASE_URL and SESSION_SECRET not set at all, the service refuses to start, in production and in development',
  points: 2,
  timeoutMs: SEVERAL_STARTS_TIMEOUT_MS,
  hint: 'Lesson 02, "Required means no default": no fallback for a required variable anywhere, not with ?? or ??= (which leave an empty value alone and fill an unset one) and not "just in development"; the convenience belongs in .env.example.',
  async run(context) {
    const variables = ['DATABASE_URL', 'SESSION_SECRET'];
    await expectRefusal(context, 'with neither DATABASE_URL nor SESSION_SECRET in the environment', { unsetEnv: variables, variables });
    await expectRefusal(context, 'with APP_ENV=development, no .env, and neither DATABASE_URL nor SESSION_SECRET in the environment', {
      env: { APP_ENV: 'development' },
      unsetEnv: variables,
      variables,
    });
  },
});

export const namesEveryBadVariable = defineCheck({
  id: 'env.names-every-bad-variable',
  title: 'With several bad variables, the refusal names every one of them, not just the first',
  points: 2,
  hint: 'Lesson 02, "Say what is wrong, not what it was": validate the whole environment in one safeParse and report every issue, so one restart shows everything to fix.',
  async run(context) {
    await expectRefusal(context, 'with DATABASE_URL=localhost/app, a short SESSION_SECRET and LOG_LEVEL=loud', {
      env: { DATABASE_URL: 'localhost/app', SESSION_SECRET: planted('short', 12), LOG_LEVEL: 'loud' },
      variables: ['DATABASE_URL', 'SESSION_SECRET', 'LOG_LEVEL'],
    });
  },
});

export const refusalForTwoReaders = defineCheck({
  id: 'env.refusal-for-two-readers',
  title: 'A refusal names every bad variable twice: in the readable report on stderr, and in one JSON log line on stdout, with no stack trace',
  points: 2,
  hint: 'Lesson 02, "Say what is wrong, not what it was" (write for two readers): catch the InvalidEnvironmentError in src/server.ts, write z.prettifyError() to stderr, log one error line with the names ({"variables": [...]}) through src/log.ts, then process.exit(1).',
  async run(context) {
    const bad = ['DATABASE_URL', 'SESSION_SECRET', 'LOG_LEVEL'];
    const service = await expectRefusal(context, 'with DATABASE_URL=localhost/app, a short SESSION_SECRET and LOG_LEVEL=loud', {
      env: { DATABASE_URL: 'localhost/app', SESSION_SECRET: planted('short', 12), LOG_LEVEL: 'loud' },
      variables: bad,
    });
    const stderr = service.stderr();
    const notOnStderr = bad.filter((name) => !namesVariable(stderr, name));
    expectThat(
      notOnStderr.length === 0,
      `the readable report on stderr to name ${bad.join(', ')}, for the person reading a crash loop`,
      () => `stderr does not name ${notOnStderr.join(', ')}; ${printed(service)}`,
    );
    const jsonLines = stdoutLines(service).filter((line) => line.json);
    const complete = jsonLines.find((line) => bad.every((name) => namesVariable(JSON.stringify(line.json), name)));
    expectThat(
      complete !== undefined,
      `one JSON log line on stdout naming ${bad.join(', ')} (e.g. "variables": [...]), for the log pipeline`,
      () => (jsonLines.length > 0 ? `the JSON lines on stdout: ${jsonLines.map((line) => line.text.slice(0, 200)).join(' | ')}` : 'no JSON line on stdout'),
    );
    expectThat(!hasStackTrace(stderr), 'no stack trace on stderr: a bad environment is a message, not a crash', () => printed(service));
  },
});

export const malformedPortFailsFast = defineCheck({
  id: 'env.malformed-port-fails-fast',
  title: 'A PORT with letters after its digits (PORT=<port>abc) stops the start instead of being read as <port>',
  points: 1,
  hint: 'Lesson 02, "A schema with zod 4": z.coerce.number() turns "3000abc" into NaN, which .int() rejects; parseInt keeps the digits and drops the rest without a word.',
  async run(context) {
    await expectRefusal(context, 'with PORT set to its port followed by "abc"', { formatPort: (port) => `${port}abc`, variables: ['PORT'] });
  },
});

export const unknownAppEnvFailsFast = defineCheck({
  id: 'env.unknown-app-env-fails-fast',
  title: 'APP_ENV=staging, not one of development, test and production, stops the start, naming APP_ENV',
  points: 1,
  hint: 'Lesson 02, "APP_ENV and its default": z.enum([\'development\', \'test\', \'production\']).default(\'production\'): a value outside the list is an error, not a silent fallback.',
  async run(context) {
    await expectRefusal(context, 'with APP_ENV=staging', { env: { APP_ENV: 'staging' }, variables: ['APP_ENV'] });
  },
});

export const portNeverBoundOnFailure = defineCheck({
  id: 'env.port-never-bound-on-failure',
  title: 'A service with a bad environment never opens its port, not even for a moment',
  points: 2,
  hint: 'Lesson 02, "Fail before you listen": load and validate the configuration before serve(); an instance that answers while broken looks healthy to a load balancer.',
  async run(context) {
    context.step('starting the service with SESSION_SECRET empty and polling its port');
    const { service, exit, answered } = await watchFailedStart(context, { env: { SESSION_SECRET: '' }, withinMs: FAIL_FAST_MS });
    expectThat(
      !answered,
      `with SESSION_SECRET empty, the service never to answer on port ${service.port}`,
      () => `it answered HTTP${exit ? ` before exiting (${describeExit(exit)})` : ' and kept running'}`,
    );
    expectThat(exit !== undefined, `the service to exit within ${FAIL_FAST_MS} ms`, () => `still running after ${FAIL_FAST_MS} ms`);
    expectThat(exit.code !== 0 && exit.code !== null, 'a non-zero exit code', () => describeExit(exit));
  },
});

export const noSecretInOutput = defineCheck({
  id: 'env.no-secret-in-output',
  needs: ['signals'],
  title: 'No secret value appears in the logs, the error output or any response, even at LOG_LEVEL=debug',
  points: 3,
  timeoutMs: SEVERAL_STARTS_TIMEOUT_MS,
  hint: 'Lesson 02, "Keep secrets out of output": never log process.env or the parsed config, even at debug level; say which variable is wrong, never its value.',
  async run(context) {
    const secret = planted('sessionsecret', 48);
    const password = planted('dbpassword', 24);
    const env = { LOG_LEVEL: 'debug', DATABASE_URL: databaseUrl('db.internal', password), SESSION_SECRET: secret };
    const { service: running, body } = await startAndReadInfo(context, 'with LOG_LEVEL=debug', { env });
    context.step('sending GET / and POST /session');
    const responses = [body];
    for (const [path, method] of [
      ['/', 'GET'],
      ['/session', 'POST'],
    ] as const) {
      const outcome = await running.request(path, { method });
      if (outcome.kind === 'response') responses.push(`${JSON.stringify(outcome.headers)}\n${outcome.body}`);
    }
    running.signal('SIGTERM');
    await running.waitForExit(2000);

    const shortSecret = planted('shortsecret', 20);
    context.step('starting a second copy with a 20-character SESSION_SECRET');
    const refused = await context.start({ env: { ...env, SESSION_SECRET: shortSecret }, waitUntilAnswering: false });
    await refused.waitForExit(FAIL_FAST_MS);

    const leaks = [
      ...whereSecretLeaks(running, secret, responses).map((place) => `SESSION_SECRET in ${place}`),
      ...whereSecretLeaks(running, password, responses).map((place) => `the database password in ${place}`),
      ...whereSecretLeaks(refused, shortSecret).map((place) => `the rejected SESSION_SECRET in ${place} of the refused start`),
      ...whereSecretLeaks(refused, password).map((place) => `the database password in ${place} of the refused start`),
    ];
    expectThat(
      leaks.length === 0,
      'no secret value in stdout, stderr or any response (the checks planted a recognisable SESSION_SECRET and database password)',
      () => `found ${leaks.join('; ')}`,
    );
  },
});

export const startLineSafeView = defineCheck({
  id: 'logs.start-line-safe-view',
  title: 'When it starts, the service logs one line with the safe view of its configuration: appEnv, logLevel, port and databaseHost',
  points: 1,
  hint: 'Lesson 02, "Walkthrough: the start of a well-configured service", step 4: in serve()\'s callback, log "listening" with the same fields GET /info shows (appEnv, logLevel, port, databaseHost) and the host: what an operator reads first, and nothing secret.',
  async run(context) {
    const { service, info } = await startAndReadInfo(context, 'with APP_ENV=test and LOG_LEVEL=debug', { env: { APP_ENV: 'test', LOG_LEVEL: 'debug' } });
    await context.sleep(150);
    context.step('looking for the start-up line on stdout');
    const fields = ['appEnv', 'logLevel', 'port', 'databaseHost'] as const;
    const lines = stdoutLines(service).filter((line) => line.json);
    const matching = lines.find((line) => fields.every((field) => line.json![field] === info[field]));
    expectThat(
      matching !== undefined,
      `a JSON line on stdout with the safe view GET /info shows: ${fields.map((field) => `${field} ${JSON.stringify(info[field])}`).join(', ')}`,
      () => (lines.length > 0 ? `the JSON lines: ${lines.map((line) => line.text.slice(0, 200)).join(' | ')}` : 'no JSON line on stdout'),
    );
  },
});

export const unreadableDotenvStops = defineCheck({
  id: 'env.unreadable-dotenv-stops',
  title: 'In development, a .env that exists but cannot be read stops the start instead of being skipped',
  points: 1,
  hint: 'Lesson 02, "Only in development": only ENOENT (no .env at all) is fine; any other error from process.loadEnvFile() means the developer\'s settings are there but unread, which deserves to stop the start.',
  async run(context) {
    // A folder named .env: it exists, and reading it fails, as a file without read permission would.
    await expectRefusal(context, 'with APP_ENV=development and a folder named .env where the file belongs', {
      env: { APP_ENV: 'development' },
      files: { '.env/README': 'not a file\n' },
      variables: [],
    });
  },
});

export const dotenvInDevelopment = defineCheck({
  id: 'env.dotenv-in-development',
  title: 'In development, the service reads settings from a .env file in its working directory',
  points: 1,
  hint: 'Lesson 02, "Only in development": when APP_ENV=development, load ./.env (process.loadEnvFile) before validating.',
  async run(context) {
    const { info } = await startAndReadInfo(context, 'with APP_ENV=development and a .env that sets LOG_LEVEL=debug', {
      env: { APP_ENV: 'development' },
      files: { '.env': dotenv({ LOG_LEVEL: 'debug' }) },
    });
    expectInfo(info, 'logLevel', 'debug', 'from .env, since LOG_LEVEL is not set in the real environment');
  },
});

export const realEnvBeatsDotenv = defineCheck({
  id: 'env.real-env-beats-dotenv',
  title: 'In development, a variable set in the real environment wins over the same one in .env',
  points: 2,
  hint: 'Lesson 02, "A real variable beats .env": process.loadEnvFile never overwrites a variable that is already set; a hand-written loader that assigns every line does.',
  async run(context) {
    const { info } = await startAndReadInfo(context, 'with APP_ENV=development, LOG_LEVEL=warn, and a .env that sets other values', {
      env: { APP_ENV: 'development', LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl('real-db.internal') },
      files: { '.env': dotenv({ LOG_LEVEL: 'debug', DATABASE_URL: databaseUrl('dotenv-db.internal') }) },
    });
    expectInfo(info, 'logLevel', 'warn', 'from the real environment; .env says debug');
    expectInfo(info, 'databaseHost', 'real-db.internal', 'from the real DATABASE_URL; .env names dotenv-db.internal');
  },
});

export const dotenvIgnoredInProduction = defineCheck({
  id: 'env.dotenv-ignored-in-production',
  title: 'In production, a .env file on disk changes nothing, and cannot stand in for a missing secret',
  points: 3,
  timeoutMs: SEVERAL_STARTS_TIMEOUT_MS,
  hint: 'Lesson 02, "Only in development": read .env only when APP_ENV is development; anywhere else the platform\'s variables are the whole configuration.',
  async run(context) {
    const files = { '.env': dotenv({ LOG_LEVEL: 'debug', DATABASE_URL: databaseUrl('dotenv-db.internal'), SESSION_SECRET: planted('dotenv', 40) }) };
    const { info } = await startAndReadInfo(context, 'with APP_ENV=production and a .env on disk', {
      env: { APP_ENV: 'production', DATABASE_URL: databaseUrl('real-db.internal') },
      files,
    });
    expectInfo(info, 'logLevel', 'info', 'the default; the .env on disk says debug and must be ignored');
    expectInfo(info, 'databaseHost', 'real-db.internal', 'from the real DATABASE_URL, not from .env');
    await expectRefusal(context, 'with APP_ENV=production, SESSION_SECRET empty and a .env that sets one', {
      env: { APP_ENV: 'production', SESSION_SECRET: '' },
      files,
      variables: ['SESSION_SECRET'],
    });
  },
});

export const dotenvIgnoredInTest = defineCheck({
  id: 'env.dotenv-ignored-in-test',
  title: 'With APP_ENV=test, a .env file on disk changes nothing either: only development reads it',
  points: 1,
  hint: 'Lesson 02, "Only in development": read .env when APP_ENV is development, not "unless it is production"; a CI job runs as test with every variable it needs.',
  async run(context) {
    const { info } = await startAndReadInfo(context, 'with APP_ENV=test and a .env that sets LOG_LEVEL=debug', {
      env: { APP_ENV: 'test' },
      files: { '.env': dotenv({ LOG_LEVEL: 'debug' }) },
    });
    expectInfo(info, 'logLevel', 'info', 'the default; the .env must be ignored outside development');
  },
});

export const productionByDefault = defineCheck({
  id: 'env.production-by-default',
  title: 'Without APP_ENV the service assumes production, so a forgotten variable never enables .env; neither .env nor NODE_ENV sets it',
  points: 1,
  hint: 'Lesson 02, "APP_ENV and its default": default APP_ENV to production; development behaviour must be asked for explicitly, in the real environment: not by .env, and not by NODE_ENV, which is the libraries\' business.',
  async run(context) {
    const { info } = await startAndReadInfo(context, 'without APP_ENV, with NODE_ENV=development and a .env that sets APP_ENV=development and LOG_LEVEL=debug', {
      env: { NODE_ENV: 'development' },
      files: { '.env': dotenv({ APP_ENV: 'development', LOG_LEVEL: 'debug' }) },
    });
    expectInfo(info, 'appEnv', 'production', 'the default when APP_ENV is unset');
    expectInfo(info, 'logLevel', 'info', 'the default; the .env must be ignored outside development');
  },
});

export const emptyMeansUnset = defineCheck({
  id: 'env.empty-means-unset',
  title: 'An optional variable set to an empty string (LOG_LEVEL=) gets its default',
  points: 1,
  hint: 'Lesson 02, "Empty means unset": drop empty values before validating, so LOG_LEVEL= gets the default and DATABASE_URL= counts as missing.',
  async run(context) {
    const { info } = await startAndReadInfo(context, 'with APP_ENV and LOG_LEVEL set to empty strings', {
      env: { APP_ENV: '', LOG_LEVEL: '' },
    });
    expectInfo(info, 'appEnv', 'production', 'the default, since APP_ENV is empty');
    expectInfo(info, 'logLevel', 'info', 'the default, since LOG_LEVEL is empty');
  },
});

export const sameCodeEveryEnvironment = defineCheck({
  id: 'env.same-code-every-environment',
  title: 'The same files start unchanged in development, test and production, given their variables',
  points: 2,
  timeoutMs: SEVERAL_STARTS_TIMEOUT_MS,
  hint: 'Lesson 02, "One build, every environment": accept every APP_ENV value, and treat a missing .env in development as normal: the variables may all be set already.',
  async run(context) {
    for (const appEnv of ['development', 'test', 'production']) {
      const situation = `with APP_ENV=${appEnv}${appEnv === 'development' ? ' and no .env file' : ''}`;
      const { service, info } = await startAndReadInfo(context, situation, { env: { APP_ENV: appEnv } });
      expectInfo(info, 'appEnv', appEnv, `started ${situation}`);
      service.signal('SIGKILL');
    }
  },
});

export const listensOnHostCheck = listensOnHost({ lesson: 'Lesson 02' });

export const checks = [
  serviceAnswers,
  listensOnHostCheck,
  logsAreStructured,
  infoHasNoSecret,
  missingDatabaseUrlFailsFast,
  malformedDatabaseUrlFailsFast,
  shortSessionSecretFailsFast,
  unsetRequiredFailsFast,
  namesEveryBadVariable,
  refusalForTwoReaders,
  malformedPortFailsFast,
  unknownAppEnvFailsFast,
  portNeverBoundOnFailure,
  noSecretInOutput,
  startLineSafeView,
  dotenvInDevelopment,
  unreadableDotenvStops,
  realEnvBeatsDotenv,
  dotenvIgnoredInProduction,
  dotenvIgnoredInTest,
  productionByDefault,
  emptyMeansUnset,
  sameCodeEveryEnvironment,
];
