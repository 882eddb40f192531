/**
 * @module
 * The checks of lab 01, configuration. Each starts its own service with configuration files and
 * APP_ variables of its choosing, then judges what the service shows at GET /config, whether it
 * refuses to start, how fast, what it prints, and whether a planted secret shows up anywhere.
 *
 * Every check writes its own config/default.json and config/development.json over the learner's, so
 * what the learner ships there never changes a verdict; service.answers and config.token-secret-required
 * alone run the files as shipped. The harness passes the port in APP_SERVER__PORT (lab.json `portEnv`).
 *
 * What lesson 01 and LABS.md say the service must do, and the checks that prove it:
 *
 *   Requirement (lesson section)                                         Check(s)
 *   starts with the files it ships, answers GET / and GET /config        service.answers
 *     ("The lab"), on the port in APP_SERVER__PORT
 *   every stdout line a JSON log ("Putting it together")                 logs.structured
 *   a start-up line with appEnv and the redacted configuration (step 7)  logs.configuration-logged
 *   layer 1: the defaults in code ("Defaults in code")                   config.defaults-apply
 *   layer 2: config/default.json over the defaults                       config.file-overrides-defaults
 *   layer 3: config/<APP_ENV>.json over default.json, not instead of it  config.app-env-file-overrides
 *   APP_ENV defaults to development, whatever NODE_ENV says              config.app-env-defaults-development
 *   config/<APP_ENV>.json is optional ("Files per environment")          config.app-env-file-optional
 *   config/default.json is required (step 1 of "Putting it together")   config.default-file-required
 *   a file that exists but cannot be read stops the start               config.unreadable-file-stops
 *   APP_ENV names a file: "../secrets", "staging/../../secrets" refused  config.app-env-is-a-name
 *   config/ is found beside the code, not in the working directory       config.files-beside-the-code
 *   layer 4: APP_ variables over every file, __ nests, snake → camel     config.env-overrides-files
 *   a deep merge, key by key ("Merging layers")                          config.deep-merge
 *   a plain value replaces a section and is reported; a file that holds  config.wrong-shapes-refused
 *     no object is a problem of that file
 *   "__proto__" in a file is skipped                                     config.proto-key-ignored
 *   strings from variables converted: "25" is 25, the port a number      config.env-coerced
 *   … strictly: only digits ("12345abc" and "0x10" refused)              config.env-numbers-strict
 *   "false" is false, "true" is true; "maybe" is refused                 config.boolean-false, config.boolean-true,
 *                                                                          config.reports-every-problem
 *   strict objects: an unknown key in a file or a variable (two-level    config.unknown-key-rejected
 *     or one-level) is refused
 *   db.url is a postgres: or postgresql: URL ("One schema")              config.invalid-exits-fast
 *   a bad value: exit non-zero, the port never opened ("Fail fast")      config.invalid-exits-fast, and every
 *                                                                          check that expects a refused start
 *   every problem at once, by path, on stderr, without a stack trace     config.reports-every-problem (the reason
 *                                                                          beside each path is prose for a person: no
 *                                                                          check judges it, "Report every problem …")
 *   one line per problem, naming its layer (file, variable, or the      config.problems-name-their-layer
 *     variable that would set a missing value)
 *   a file that does not parse stops the start, each such file named     config.unparseable-file-named
 *   auth.tokenSecret has no default, in code or in a shipped file        config.token-secret-required
 *   no secret in GET /config or the logs, "[redacted]" for secret keys,  config.secrets-redacted
 *     *** for a URL's password and secret query parameters; db.url
 *     keeps its host
 *   no secret in errors: no value echoed, no excerpt of a broken file    config.no-secret-in-errors
 *   frozen, passed in, process.env never read by a handler               none: src/app.ts is not editable, is handed
 *                                                                          the configuration and never writes to it
 *                                                                          ("Passing the configuration in", "Pitfalls")
 *
 * Timing: a service that refuses its configuration spends nearly all its life loading modules (zod and
 * Hono, about 0.25 s of CPU). Alone, the reference exits 0.24-0.35 s after spawn. All of this lab's
 * checks run at once, some thirty services on 2 cores: with other graders sharing the machine
 * (load average 30-50), the reference exited at worst 5.6 s after spawn (ten runs of the suite). The
 * lesson's contract is "within 2 s" on a machine that is not starting that many copies at once;
 * EXIT_WITHIN_MS allows 10 s, the time the harness gives a healthy service to answer, while every
 * mistake these checks catch never exits at all, or answers on its port first.
 */
import { type CheckContext, CheckFailure, defineCheck, expectThat, fail } from '../../src/engine/check.ts';
import { firstUnstructuredLine, stdoutLines } from '../../src/engine/structured-logs.ts';
import { describeExit, describeOutcome } from '../../src/engine/describe.ts';
import type { ServiceInstance, StartOptions } from '../../src/engine/harness.ts';
import { hasStackTrace, type StartFailure, watchFailedStart, whereSecretLeaks } from '../../src/engine/start-failure.ts';

/** How long a service with a bad configuration may take to exit, from spawn (see the timing note above). */
const EXIT_WITHIN_MS = 10_000;
/** After the service answered, time for its last startup lines to come through the pipes. */
const OUTPUT_SETTLE_MS = 150;

type Json = Record<string, unknown>;

interface Setup {
  /** Files under config/, as objects (written as JSON) or raw text (for a file that must not parse). */
  files?: Record<string, Json | string>;
  env?: Record<string, string>;
  /** Run the config files the learner ships instead of the check's own (`files` is then ignored). */
  shippedFiles?: boolean;
  /** Lab env defaults left out of this start: lab.json gives every run APP_AUTH__TOKEN_SECRET. */
  unset?: string[];
  /** Written after the port in APP_SERVER__PORT, e.g. "abc" for APP_SERVER__PORT=12345abc. */
  portTail?: string;
  /** A folder to start the process in instead of the service's own, with config files of its own. */
  startedFrom?: { folder: string; files: Record<string, Json> };
  /** Files under config/ taken away, the learner's included (e.g. "default.json"). */
  missing?: string[];
}

/** The learner's config files are replaced by these, so each check decides every layer itself. */
function configFiles(files: Setup['files'] = {}): Record<string, string> {
  const written: Record<string, string> = { 'config/default.json': '{}\n', 'config/development.json': '{}\n' };
  for (const [name, content] of Object.entries(files)) {
    written[`config/${name}`] = typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`;
  }
  return written;
}

/** "config/default.json {…}, config/staging.json {…}, APP_ENV=staging": the setup, for messages. */
function describeSetup({ files = {}, env = {}, shippedFiles, unset = [], portTail, startedFrom, missing = [] }: Setup): string {
  const parts = shippedFiles
    ? ['the config files as shipped']
    : Object.entries(files).map(([name, content]) =>
        // "staging.json/README" stands for a folder where a file belongs.
        name.includes('/') ? `config/${name.split('/')[0]} a folder` : `config/${name} ${typeof content === 'string' ? content.trim() : JSON.stringify(content)}`,
      );
  if (startedFrom) {
    parts.push(...Object.entries(startedFrom.files).map(([name, content]) => `${startedFrom.folder}/${name} ${JSON.stringify(content)}`));
    parts.push(`started from the folder ${startedFrom.folder}/`);
  }
  parts.push(...missing.map((name) => `no config/${name}`));
  if (portTail) parts.push(`APP_SERVER__PORT=<its port>${portTail}`);
  parts.push(...Object.entries(env).map(([name, value]) => `${name}=${value}`));
  parts.push(...unset.map((name) => `no ${name}`));
  return parts.join(', ') || 'empty config files and no APP_ variable';
}

function startOptionsFor({ files, env, shippedFiles, unset, portTail, startedFrom, missing = [] }: Setup): StartOptions {
  const elsewhere = Object.entries(startedFrom?.files ?? {}).map(([name, content]) => [`${startedFrom!.folder}/${name}`, `${JSON.stringify(content)}\n`]);
  const written: Record<string, string> = shippedFiles ? {} : { ...configFiles(files), ...Object.fromEntries(elsewhere) };
  const withoutFiles = missing.map((name) => `config/${name}`);
  for (const path of withoutFiles) delete written[path];
  return {
    env,
    files: written,
    withoutFiles,
    workingDirectory: startedFrom?.folder,
    unsetEnv: unset,
    formatPort: portTail ? (port) => `${port}${portTail}` : undefined,
  };
}

async function startWith(context: CheckContext, setup: Setup): Promise<ServiceInstance> {
  const setupText = describeSetup(setup);
  context.step(`starting the service with ${setupText}`);
  try {
    return await context.start(startOptionsFor(setup));
  } catch (error) {
    // "Expected the service to start", said with the setup that made it fail.
    if (error instanceof CheckFailure) fail(`with ${setupText}, ${error.expected}`, error.observed);
    throw error;
  }
}

/** GET /config, parsed. */
async function effectiveConfig(context: CheckContext, service: ServiceInstance): Promise<Json> {
  context.step('reading GET /config');
  const outcome = await service.request('/config');
  if (outcome.kind !== 'response' || outcome.status !== 200) {
    fail('GET /config to answer HTTP 200 with the effective configuration as JSON', describeOutcome(outcome));
  }
  let body: unknown;
  try {
    body = JSON.parse(outcome.body);
  } catch {
    fail('GET /config to answer JSON', `the body ${JSON.stringify(outcome.body.slice(0, 200))}`);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) fail('GET /config to answer a JSON object', `the body ${outcome.body.slice(0, 200)}`);
  return body as Json;
}

function valueAt(config: Json, path: string): unknown {
  let node: unknown = config;
  for (const key of path.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Json)[key];
  }
  return node;
}

const shown = (value: unknown) => (value === undefined ? 'absent' : JSON.stringify(value));

/**
 * Expects a setting in GET /config. `sameType: false` compares as text, so a precedence check does
 * not also fail for a number shown as a string: config.env-coerced is the check for that.
 */
function expectSetting(config: Json, path: string, expected: unknown, why: string, { sameType = true } = {}): void {
  const actual = valueAt(config, path);
  const matches = sameType ? Object.is(actual, expected) : actual !== undefined && String(actual) === String(expected);
  expectThat(matches, `${path} to be ${JSON.stringify(expected)} ${why}`, () => `GET /config shows ${path}: ${shown(actual)}`);
}

/** Starts a service that must refuse to start, and fails unless it exits non-zero in time without answering. */
async function expectRefusedStart(context: CheckContext, setup: Setup): Promise<StartFailure> {
  context.step(`starting the service with ${describeSetup(setup)}, which it must refuse`);
  const failure = await watchFailedStart(context, { ...startOptionsFor(setup), withinMs: EXIT_WITHIN_MS });
  const { exit, answered } = failure;
  if (exit) context.measure('exitAfterSpawnMs', exit.atMs);
  const setupText = describeSetup(setup);
  expectThat(
    !answered,
    `with ${setupText}, the service to refuse to start without ever opening its port`,
    () => (exit ? `it answered HTTP requests, then exited (${describeExit(exit)})` : 'it answered HTTP requests and kept running'),
  );
  expectThat(exit !== undefined, `with ${setupText}, the process to exit within ${EXIT_WITHIN_MS} ms`, () => `still running after ${EXIT_WITHIN_MS} ms`);
  expectThat(exit.code !== 0 && exit.code !== null, `with ${setupText}, a non-zero exit code`, () => describeExit(exit));
  // The exit can be seen before the last of stderr has been read: let the pipes drain.
  await failure.service.waitForExit(OUTPUT_SETTLE_MS);
  return failure;
}

const stderrExcerpt = (service: ServiceInstance) => {
  const text = service.stderr().trim();
  return text ? `stderr:\n    ${text.slice(0, 600).split('\n').join('\n    ')}` : 'nothing on stderr';
};

/** A value no service would print by chance: a planted secret is found only if it leaked. */
const planted = (prefix: string, length: number) => `${prefix}${crypto.randomUUID().replaceAll('-', '')}`.slice(0, length);

/** Every run of `size` characters of `text`: a leak of part of a secret is a leak. */
const fragmentsOf = (text: string, size: number) => Array.from({ length: text.length - size + 1 }, (_, index) => text.slice(index, index + size));

/** Fails when a refused start printed a stack trace: a configuration problem is a message, not a crash. */
function expectNoStackTrace(service: ServiceInstance, setupText: string): void {
  expectThat(
    !hasStackTrace(service.stderr()),
    `with ${setupText}, the problems as plain lines on stderr, without a stack trace (catch the ConfigError, print its lines, exit 1)`,
    () => stderrExcerpt(service),
  );
}

/** Whether `text` holds `word` as a whole word ("log" in "log: expected object", not in "login"). */
const namesWord = (text: string, word: string) => new RegExp(`(^|[^A-Za-z0-9_])${word}([^A-Za-z0-9_]|$)`, 'm').test(text);

/** Finds, in every object nested in `value`, one where `path` holds `expected` (compared as text). */
function holdsSetting(value: unknown, path: string, expected: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const found = valueAt(value as Json, path);
  if (found !== undefined && String(found) === String(expected)) return true;
  return Object.values(value).some((child) => holdsSetting(child, path, expected));
}

export const serviceAnswers = defineCheck({
  id: 'service.answers',
  title: 'The service starts with the configuration it ships and answers GET / and GET /config',
  points: 1,
  hint: 'Lesson 01, "The lab": listen on the port in APP_SERVER__PORT, start with the config files as shipped, and keep the routes of src/app.ts.',
  async run(context) {
    const service = await context.start();
    context.step('sending GET /');
    const outcome = await service.request('/');
    expectThat(outcome.kind === 'response' && outcome.status === 200, 'GET / to answer HTTP 200', () => describeOutcome(outcome));
    await effectiveConfig(context, service);
  },
});

export const logsAreStructured = defineCheck({
  id: 'logs.structured',
  title: 'Every line the service prints to stdout is a JSON log with level, msg and time',
  points: 1,
  hint: 'Lesson 01, "Putting it together": log through src/log.ts, never console.log with free text; problems with the configuration go to stderr.',
  async run(context) {
    const service = await startWith(context, {});
    await service.request('/');
    await context.sleep(OUTPUT_SETTLE_MS);
    expectThat(stdoutLines(service).length > 0, 'at least one JSON log line on stdout (e.g. "listening")', () => 'no output on stdout');
    const bad = firstUnstructuredLine(service);
    expectThat(!bad, 'every stdout line to be a JSON object with string fields level, msg and time', () => `the line ${JSON.stringify(bad!.text.slice(0, 200))}`);
  },
});

export const configurationLogged = defineCheck({
  id: 'logs.configuration-logged',
  title: 'At start-up the service logs one line with its environment (APP_ENV, "development" when unset) and the effective configuration, redacted',
  points: 1,
  hint: 'Lesson 01, "Putting it together", step 7: after loadConfig(), log.info one line with appEnv (APP_ENV ?? "development") and config: redactConfig(config), so the log of any start says which settings won.',
  async run(context) {
    const service = await startWith(context, { files: { 'development.json': { db: { poolSize: 8 }, log: { level: 'debug' } } } });
    await service.request('/');
    await context.sleep(OUTPUT_SETTLE_MS);
    context.step('looking for the start-up line on stdout');
    const lines = stdoutLines(service).filter((line) => line.json);
    const withConfig = lines.filter((line) => holdsSetting(line.json, 'db.poolSize', 8) && holdsSetting(line.json, 'log.level', 'debug'));
    expectThat(
      withConfig.length > 0,
      'a JSON log line on stdout that holds the effective configuration (db.poolSize 8 and log.level "debug", from config/development.json)',
      () => `none of the ${lines.length} JSON lines does: ${lines.slice(0, 3).map((line) => line.text.slice(0, 160)).join(' | ') || 'no JSON line'}`,
    );
    expectThat(
      withConfig.some((line) => Object.values(line.json!).includes('development')),
      'that line to name the environment, "development" since APP_ENV is not set (e.g. "appEnv": "development")',
      () => `the line ${withConfig[0]!.text.slice(0, 300)}`,
    );
  },
});

export const defaultsApply = defineCheck({
  id: 'config.defaults-apply',
  title: 'A setting that no file and no variable sets takes its default from src/config.ts',
  points: 1,
  hint: 'Lesson 01, "Defaults in code": the defaults are the lowest layer, merged under everything else; keep the values of `defaults` in src/config.ts.',
  async run(context) {
    const service = await startWith(context, { files: { 'default.json': {} } });
    const config = await effectiveConfig(context, service);
    const why = 'from the defaults in code, with empty config files';
    expectSetting(config, 'server.host', '127.0.0.1', why);
    expectSetting(config, 'db.poolSize', 10, why, { sameType: false });
    expectSetting(config, 'log.level', 'info', why);
    expectSetting(config, 'features.signup', false, why, { sameType: false });
  },
});

export const fileOverridesDefaults = defineCheck({
  id: 'config.file-overrides-defaults',
  title: 'config/default.json overrides the defaults in code',
  points: 1,
  hint: 'Lesson 01, "Layers and precedence": read config/default.json (relative to the service, not to wherever it is started) and merge it over the defaults.',
  async run(context) {
    const service = await startWith(context, { files: { 'default.json': { db: { poolSize: 7 }, log: { level: 'warn' } } } });
    const config = await effectiveConfig(context, service);
    expectSetting(config, 'db.poolSize', 7, 'from config/default.json', { sameType: false });
    expectSetting(config, 'log.level', 'warn', 'from config/default.json');
  },
});

export const appEnvFileOverrides = defineCheck({
  id: 'config.app-env-file-overrides',
  title: 'With APP_ENV=staging, config/staging.json overrides config/default.json, and no other environment\'s file is read',
  points: 2,
  hint: 'Lesson 01, "Files per environment": after config/default.json, read config/<APP_ENV>.json if it exists and merge it on top, not instead.',
  async run(context) {
    const service = await startWith(context, {
      files: {
        'default.json': { db: { poolSize: 7 }, log: { level: 'warn' }, features: { signup: true } },
        'staging.json': { db: { poolSize: 8 }, log: { level: 'error' } },
        'production.json': { log: { level: 'debug' } },
        'development.json': { log: { level: 'debug' } },
      },
      env: { APP_ENV: 'staging' },
    });
    const config = await effectiveConfig(context, service);
    expectSetting(config, 'log.level', 'error', 'from config/staging.json (production.json and development.json say "debug")');
    expectSetting(config, 'db.poolSize', 8, 'from config/staging.json', { sameType: false });
    expectSetting(config, 'features.signup', true, 'from config/default.json, which staging.json does not mention', { sameType: false });
  },
});

export const appEnvDefaultsToDevelopment = defineCheck({
  id: 'config.app-env-defaults-development',
  title: 'Without APP_ENV, the service runs as development and reads config/development.json, whatever NODE_ENV says',
  points: 1,
  hint: 'Lesson 01, "Files per environment": APP_ENV defaults to "development"; NODE_ENV tells libraries how to behave and never picks the file.',
  async run(context) {
    const service = await startWith(context, {
      files: {
        'default.json': { log: { level: 'warn' } },
        'development.json': { log: { level: 'debug' } },
        'production.json': { log: { level: 'error' } },
      },
      env: { NODE_ENV: 'production' },
    });
    const config = await effectiveConfig(context, service);
    expectSetting(config, 'log.level', 'debug', 'from config/development.json, since APP_ENV is not set (NODE_ENV=production must not pick production.json)');
  },
});

export const appEnvFileOptional = defineCheck({
  id: 'config.app-env-file-optional',
  title: 'With APP_ENV=production and no config/production.json, the service starts on config/default.json',
  points: 1,
  hint: 'Lesson 01, "Files per environment": config/<APP_ENV>.json is optional; a missing one (ENOENT) is no layer, not an error.',
  async run(context) {
    const service = await startWith(context, { files: { 'default.json': { log: { level: 'warn' } } }, env: { APP_ENV: 'production' } });
    const config = await effectiveConfig(context, service);
    expectSetting(config, 'log.level', 'warn', 'from config/default.json, the last file there is');
  },
});

export const unreadableFileStops = defineCheck({
  id: 'config.unreadable-file-stops',
  title: 'A config file that exists but cannot be read stops the start, and the message names it',
  points: 1,
  hint: 'Lesson 01, "Files per environment": only ENOENT means "no such layer"; any other error reading config/<APP_ENV>.json is a problem to report, or staging runs on the shared settings alone.',
  async run(context) {
    // A folder where the file should be: it exists, and reading it fails (EISDIR), as a file without
    // read permission would on a server.
    const { service } = await expectRefusedStart(context, {
      files: { 'default.json': { log: { level: 'warn' } }, 'staging.json/README': 'not a file\n' },
      env: { APP_ENV: 'staging' },
    });
    expectThat(service.stderr().includes('staging.json'), 'stderr to name config/staging.json, which cannot be read', () => stderrExcerpt(service));
  },
});

export const appEnvIsAName = defineCheck({
  id: 'config.app-env-is-a-name',
  title: 'APP_ENV=../secrets and APP_ENV=staging/../../secrets stop the start: APP_ENV names a file in config/, and nothing outside it',
  points: 1,
  // Two refused starts in a row, each allowed EXIT_WITHIN_MS.
  timeoutMs: 2 * EXIT_WITHIN_MS + 15_000,
  hint: 'Lesson 01, "Files per environment": APP_ENV names a file, so check the whole value (e.g. /^[a-z][a-z0-9-]*$/, anchored at both ends) before building the path, and report it like any other problem.',
  async run(context) {
    for (const appEnv of ['../secrets', 'staging/../../secrets']) {
      const { service } = await expectRefusedStart(context, { env: { APP_ENV: appEnv } });
      expectThat(service.stderr().includes('APP_ENV'), `with APP_ENV=${appEnv}, stderr to name APP_ENV`, () => stderrExcerpt(service));
    }
  },
});

export const filesBesideTheCode = defineCheck({
  id: 'config.files-beside-the-code',
  title: 'Started from another working directory, the service still reads the config/ folder beside its code',
  points: 2,
  hint: 'Lesson 01, "Files per environment": find config/ relative to the code (new URL(\'../config/\', import.meta.url)), not to process.cwd(), which is wherever systemd or a container started the process.',
  async run(context) {
    const service = await startWith(context, {
      files: { 'default.json': { log: { level: 'warn' } } },
      startedFrom: { folder: 'elsewhere', files: { 'config/default.json': { log: { level: 'error' } } } },
    });
    const config = await effectiveConfig(context, service);
    expectSetting(config, 'log.level', 'warn', "from the service's own config/default.json (the working directory's config/default.json says \"error\")");
  },
});

export const envOverridesFiles = defineCheck({
  id: 'config.env-overrides-files',
  title: 'APP_ environment variables override every file (APP_DB__POOL_SIZE sets db.poolSize)',
  points: 2,
  hint: 'Lesson 01, "Environment variables": map APP_SECTION__SOME_KEY to section.someKey and merge the variables last, over the files.',
  async run(context) {
    const service = await startWith(context, {
      files: { 'default.json': { db: { poolSize: 7 }, log: { level: 'warn' } }, 'staging.json': { db: { poolSize: 8 } } },
      env: { APP_ENV: 'staging', APP_DB__POOL_SIZE: '9', APP_LOG__LEVEL: 'debug' },
    });
    const config = await effectiveConfig(context, service);
    expectSetting(config, 'db.poolSize', 9, 'from APP_DB__POOL_SIZE=9, over both files', { sameType: false });
    expectSetting(config, 'log.level', 'debug', 'from APP_LOG__LEVEL=debug, over config/default.json');
  },
});

export const deepMerge = defineCheck({
  id: 'config.deep-merge',
  title: 'A file that sets one key of a section keeps the section\'s other keys (a deep merge)',
  points: 2,
  hint: 'Lesson 01, "Merging layers": merge objects key by key at every depth; a spread `{ ...a, ...b }` replaces whole sections.',
  async run(context) {
    const url = 'postgres://shop@db.example.internal:5432/shop';
    const service = await startWith(context, {
      files: { 'default.json': { db: { url, poolSize: 7 } }, 'staging.json': { db: { poolSize: 20 } } },
      env: { APP_ENV: 'staging' },
    });
    const config = await effectiveConfig(context, service);
    expectSetting(config, 'db.poolSize', 20, 'from config/staging.json', { sameType: false });
    expectSetting(config, 'db.url', url, 'from config/default.json, which staging.json\'s "db" section does not mention');
  },
});

export const envCoerced = defineCheck({
  id: 'config.env-coerced',
  title: 'Numbers set by environment variables are numbers: APP_DB__POOL_SIZE=25 gives 25, not "25"',
  points: 2,
  hint: 'Lesson 01, "Environment variables are strings": convert in the schema, so that "25" becomes 25 and "ten" is rejected.',
  async run(context) {
    const service = await startWith(context, { env: { APP_DB__POOL_SIZE: '25' } });
    const config = await effectiveConfig(context, service);
    expectSetting(config, 'db.poolSize', 25, 'as a JSON number');
    expectSetting(config, 'server.port', service.port, `as a JSON number (APP_SERVER__PORT=${service.port})`);
  },
});

export const envNumbersStrict = defineCheck({
  id: 'config.env-numbers-strict',
  title: 'A number from a variable is digits only: APP_SERVER__PORT=<port>abc and APP_DB__POOL_SIZE=0x10 are refused, not read as <port> and 16',
  points: 2,
  hint: 'Lesson 01, "Environment variables are strings": convert a string only when it is all digits (/^-?\\d+$/) and pass anything else to the schema to reject; parseInt keeps the digits before "abc", Number() and z.coerce.number() read "0x10" as 16.',
  async run(context) {
    const { service } = await expectRefusedStart(context, { portTail: 'abc', env: { APP_DB__POOL_SIZE: '0x10' } });
    const stderr = service.stderr();
    const numbers: Array<[path: string, variable: string, value: string]> = [
      ['server.port', 'APP_SERVER__PORT', `"${service.port}abc" (parseInt reads ${service.port})`],
      ['db.poolSize', 'APP_DB__POOL_SIZE', '"0x10" (Number() reads 16)'],
    ];
    const accepted = numbers.filter(([path, variable]) => !stderr.includes(path) && !stderr.includes(variable));
    expectThat(
      accepted.length === 0,
      'stderr to name both server.port and db.poolSize, whose variables are not whole numbers',
      () => `it does not name ${accepted.map(([path, , value]) => `${path}, set to ${value}`).join(', nor ')}; ${stderrExcerpt(service)}`,
    );
  },
});

export const booleanFalse = defineCheck({
  id: 'config.boolean-false',
  title: 'APP_FEATURES__SIGNUP=false turns signup off: the string "false" is not true',
  points: 2,
  hint: 'Lesson 01, "Environment variables are strings": z.coerce.boolean() and Boolean() turn every non-empty string, "false" included, into true.',
  async run(context) {
    const service = await startWith(context, { files: { 'default.json': { features: { signup: true } } }, env: { APP_FEATURES__SIGNUP: 'false' } });
    const config = await effectiveConfig(context, service);
    expectSetting(config, 'features.signup', false, 'as a JSON boolean, from APP_FEATURES__SIGNUP=false over config/default.json\'s true');
    context.step('sending POST /signup');
    const outcome = await service.request('/signup', { method: 'POST' });
    expectThat(
      outcome.kind === 'response' && outcome.status === 404,
      'POST /signup to answer 404 "signup is disabled"',
      () => describeOutcome(outcome),
    );
  },
});

export const booleanTrue = defineCheck({
  id: 'config.boolean-true',
  title: 'APP_FEATURES__SIGNUP=true turns signup on over a file that says false',
  points: 1,
  hint: 'Lesson 01, "Environment variables are strings": the string "true" becomes the boolean true (and "false" false); anything else is left for the schema to reject.',
  async run(context) {
    const service = await startWith(context, { files: { 'default.json': { features: { signup: false } } }, env: { APP_FEATURES__SIGNUP: 'true' } });
    const config = await effectiveConfig(context, service);
    expectSetting(config, 'features.signup', true, 'as a JSON boolean, from APP_FEATURES__SIGNUP=true over config/default.json\'s false');
    context.step('sending POST /signup');
    const outcome = await service.request('/signup', { method: 'POST' });
    expectThat(outcome.kind === 'response' && outcome.status === 201, 'POST /signup to answer 201: signup is on', () => describeOutcome(outcome));
  },
});

export const wrongShapesRefused = defineCheck({
  id: 'config.wrong-shapes-refused',
  title: 'A file whose sections are not objects ("log": 5, "features": true, "db": null), or that holds no object at all, stops the start and is named',
  points: 2,
  // Two refused starts in a row, each allowed EXIT_WITHIN_MS.
  timeoutMs: 2 * EXIT_WITHIN_MS + 15_000,
  hint: 'Lesson 01, "Merging layers" and "Report every problem at once": merge only object over object and let a plain value replace a section, so the schema reports it by path; a file that parses to something other than an object is a problem of that file.',
  async run(context) {
    const sections = { 'default.json': '{ "log": 5, "features": true, "db": null }\n' };
    const { service } = await expectRefusedStart(context, { files: sections });
    const stderr = service.stderr();
    const unnamed = ['log', 'features', 'db'].filter((section) => !namesWord(stderr, section));
    expectThat(
      unnamed.length === 0,
      'stderr to name the sections log, features and db, which config/default.json sets to a number, a boolean and null',
      () => `it does not name ${unnamed.join(', ')}; ${stderrExcerpt(service)}`,
    );
    expectNoStackTrace(service, describeSetup({ files: sections }));

    const { service: notAnObject } = await expectRefusedStart(context, { files: { 'staging.json': 'true\n' }, env: { APP_ENV: 'staging' } });
    expectThat(notAnObject.stderr().includes('staging.json'), 'stderr to name config/staging.json, which holds true instead of an object', () => stderrExcerpt(notAnObject));
  },
});

export const protoKeyIgnored = defineCheck({
  id: 'config.proto-key-ignored',
  title: 'A "__proto__" key in a config file sets nothing: the token secret under it ({"auth": {"__proto__": {"tokenSecret": …}}}) does not count, and the start is refused',
  points: 1,
  hint: 'Lesson 01, "Merging layers": JSON.parse makes "__proto__" an own key; skip it in your merge (assigning it swaps the object\'s prototype, and every setting under it is then inherited).',
  async run(context) {
    const secret = planted('tok', 32);
    const { service } = await expectRefusedStart(context, {
      // Nested, so that the section object keeps the prototype it was given through later merges.
      files: { 'default.json': `{ "auth": { "__proto__": { "tokenSecret": "${secret}" } } }\n` },
      unset: ['APP_AUTH__TOKEN_SECRET'],
    });
    expectThat(
      /auth\.tokenSecret|APP_AUTH__TOKEN_SECRET/.test(service.stderr()),
      'stderr to name the missing auth.tokenSecret (APP_AUTH__TOKEN_SECRET): a secret under "__proto__" is not set',
      () => stderrExcerpt(service),
    );
  },
});

export const defaultFileRequired = defineCheck({
  id: 'config.default-file-required',
  title: 'Without config/default.json the service refuses to start and names the file: it is the one file every environment needs',
  points: 1,
  hint: 'Lesson 01, "Putting it together", step 1: config/default.json is required; only config/<APP_ENV>.json may be missing (ENOENT is no layer for that one alone).',
  async run(context) {
    const { service } = await expectRefusedStart(context, { missing: ['default.json'] });
    expectThat(service.stderr().includes('default.json'), 'stderr to name config/default.json, which is missing', () => stderrExcerpt(service));
  },
});

export const unknownKeyRejected = defineCheck({
  id: 'config.unknown-key-rejected',
  title: 'A misspelt key, in a config file ("poolsize") or in a variable (APP_LOG__LEVL, APP_LOGLEVEL), stops the start instead of being ignored',
  points: 1,
  hint: 'Lesson 01, "One schema, validated once": strict objects (z.strictObject) turn a typo into an error that names the key; map every APP_ variable into the tree, so a misspelt one meets the schema too.',
  async run(context) {
    const { service } = await expectRefusedStart(context, {
      files: { 'default.json': { db: { poolsize: 5 } } },
      env: { APP_LOG__LEVL: 'debug', APP_LOGLEVEL: 'debug' },
    });
    const stderr = service.stderr();
    expectThat(stderr.includes('poolsize'), 'stderr to name the unknown key "poolsize" from config/default.json', () => stderrExcerpt(service));
    expectThat(
      /levl|APP_LOG__LEVL/.test(stderr),
      'stderr to name the unknown variable APP_LOG__LEVL (log.levl): the service owns every APP_ variable',
      () => stderrExcerpt(service),
    );
    expectThat(
      /loglevel|APP_LOGLEVEL/i.test(stderr.replaceAll('APP_LOG__LEVL', '')),
      'stderr to name the unknown variable APP_LOGLEVEL (the __ forgotten: a one-level name, "loglevel")',
      () => stderrExcerpt(service),
    );
  },
});

export const invalidExitsFast = defineCheck({
  id: 'config.invalid-exits-fast',
  title: 'A bad value (wrong type, out of range, unknown option, a database URL that is not postgres: or postgresql:) makes the process exit non-zero before it ever opens its port',
  points: 3,
  // Four refused starts in a row, each allowed EXIT_WITHIN_MS.
  timeoutMs: 4 * EXIT_WITHIN_MS + 15_000,
  hint: 'Lesson 01, "Fail fast, before the port opens": validate before serve(), and on failure print the problems to stderr and process.exit(1).',
  async run(context) {
    const cases: Array<[string, Setup]> = [
      ['wrongType', { env: { APP_DB__POOL_SIZE: 'ten' } }],
      ['outOfRange', { env: { APP_DB__POOL_SIZE: '0' } }],
      ['unknownOption', { env: { APP_LOG__LEVEL: 'verbose' } }],
      // A typo that begins like the right scheme: a pattern anchored only at its start accepts it.
      ['wrongScheme', { env: { APP_DB__URL: 'postgress://shop@db.example.internal:5432/shop' } }],
    ];
    for (const [name, setup] of cases) {
      const { exit } = await expectRefusedStart(context, setup);
      context.measure(`exitMs.${name}`, exit!.atMs);
    }
  },
});

export const reportsEveryProblem = defineCheck({
  id: 'config.reports-every-problem',
  title: 'Three bad values, from a file and from variables, are all reported in one run, each by its path',
  points: 2,
  hint: 'Lesson 01, "Report every problem at once": print every issue of the failed safeParse() (path and message), not just the first, as plain lines: catch the ConfigError in src/server.ts rather than letting it crash with a stack trace.',
  async run(context) {
    const { service } = await expectRefusedStart(context, {
      files: { 'default.json': { db: { poolSize: 0 } } },
      env: { APP_LOG__LEVEL: 'verbose', APP_FEATURES__SIGNUP: 'maybe' },
    });
    const stderr = service.stderr();
    const problems: Array<[string, string | undefined]> = [
      ['db.poolSize', undefined],
      ['log.level', 'APP_LOG__LEVEL'],
      ['features.signup', 'APP_FEATURES__SIGNUP'],
    ];
    const missing = problems.filter(([path, variable]) => !stderr.includes(path) && !(variable && stderr.includes(variable))).map(([path]) => path);
    expectThat(
      missing.length === 0,
      'stderr to name all three problems: db.poolSize (config/default.json), log.level and features.signup (variables)',
      () => `it does not name ${missing.join(', ')}; ${stderrExcerpt(service)}`,
    );
    expectNoStackTrace(service, 'three bad values');
  },
});

export const problemsNameTheirLayer = defineCheck({
  id: 'config.problems-name-their-layer',
  title: 'Each problem is a line of its own naming the layer to fix: the file that set the value, the variable, or the variable that would set a missing one',
  points: 2,
  hint: 'Lesson 01, "Report every problem at once": note which layer set each path while you merge, and end each line with it: (set in config/staging.json), (set by APP_LOG__LEVEL), (not set; set APP_AUTH__TOKEN_SECRET).',
  async run(context) {
    const { service } = await expectRefusedStart(context, {
      // features.signup set to an object: a problem whose value is itself a tree still names its file.
      files: { 'default.json': { db: { poolSize: 7 } }, 'staging.json': { db: { poolSize: 0 }, features: { signup: { enabled: true } } } },
      env: { APP_ENV: 'staging', APP_LOG__LEVEL: 'verbose' },
      unset: ['APP_AUTH__TOKEN_SECRET'],
    });
    const problems = [
      { names: ['db.poolSize', 'APP_DB__POOL_SIZE'], layer: 'staging.json', what: 'db.poolSize, set to 0 in config/staging.json' },
      { names: ['features.signup', 'APP_FEATURES__SIGNUP'], layer: 'staging.json', what: 'features.signup, set to an object in config/staging.json' },
      { names: ['log.level', 'APP_LOG__LEVEL'], layer: 'APP_LOG__LEVEL', what: 'log.level, set to "verbose" by APP_LOG__LEVEL' },
      { names: ['auth.tokenSecret', 'APP_AUTH__TOKEN_SECRET'], layer: 'APP_AUTH__TOKEN_SECRET', what: 'auth.tokenSecret, set nowhere: the line says which variable would set it' },
    ];
    const lines = service.stderr().split('\n');
    for (const problem of problems) {
      const others = problems.filter((other) => other !== problem).flatMap((other) => other.names);
      const own = lines.filter((line) => problem.names.some((name) => line.includes(name)));
      const good = own.find((line) => line.includes(problem.layer) && !others.some((name) => line.includes(name)));
      expectThat(
        good !== undefined,
        `a line of stderr for ${problem.what}, naming ${problem.layer} and no other problem`,
        () => (own.length > 0 ? `its lines: ${own.map((line) => JSON.stringify(line.trim().slice(0, 200))).join(', ')}` : `no line names ${problem.names[0]}; ${stderrExcerpt(service)}`),
      );
    }
  },
});

export const unparseableFileNamed = defineCheck({
  id: 'config.unparseable-file-named',
  title: 'Config files that are not valid JSON stop the start, and the message names each of them',
  points: 1,
  hint: 'Lesson 01, "Report every problem at once": read every file, catch JSON.parse\'s error per file, and report each ("config/staging.json: not valid JSON") with its position before stopping.',
  async run(context) {
    const { service } = await expectRefusedStart(context, {
      files: { 'default.json': '{ "db": { "poolSize": 7 }\n', 'staging.json': '{ "db": { "poolSize": 8, } }\n' },
      env: { APP_ENV: 'staging' },
    });
    const unnamed = ['default.json', 'staging.json'].filter((name) => !service.stderr().includes(name));
    expectThat(
      unnamed.length === 0,
      'stderr to name both broken files, config/default.json and config/staging.json',
      () => `it does not name ${unnamed.map((name) => `config/${name}`).join(' or ')}; ${stderrExcerpt(service)}`,
    );
  },
});

export const tokenSecretRequired = defineCheck({
  id: 'config.token-secret-required',
  title: 'Without APP_AUTH__TOKEN_SECRET the service refuses to start: the secret has no default, in code or in the files it ships',
  points: 2,
  hint: 'Lesson 01, "Defaults in code": auth.tokenSecret has no default, neither in `defaults` nor in config/*.json; a deployment that forgets the variable must not start, and the message says which one to set.',
  async run(context) {
    const { service } = await expectRefusedStart(context, { shippedFiles: true, unset: ['APP_AUTH__TOKEN_SECRET'] });
    expectThat(
      /auth\.tokenSecret|APP_AUTH__TOKEN_SECRET/.test(service.stderr()),
      'stderr to name the missing auth.tokenSecret (APP_AUTH__TOKEN_SECRET)',
      () => stderrExcerpt(service),
    );
  },
});

export const secretsRedacted = defineCheck({
  id: 'config.secrets-redacted',
  title: 'GET /config and the logs never show the token secret or the database password (in the URL\'s credentials or its query)',
  points: 3,
  hint: 'Lesson 01, "Keep secrets out of every output": keys that contain password, secret or token show "[redacted]"; inside URLs, the password and any query parameter named like a secret show ***, in /config and in anything you log.',
  async run(context) {
    const host = 'db.example.internal';
    // Two starts: a password in the URL's credentials, then one in its query alone, since a redaction
    // that only looks at the query when there is also a password in the credentials misses the second.
    const urls: Array<[where: string, url: (password: string) => string]> = [
      ["the URL's credentials", (password) => `postgres://shop:${password}@${host}:5432/shop`],
      ["the URL's query (?password=)", (password) => `postgres://shop@${host}:5432/shop?sslmode=require&password=${password}`],
    ];
    for (const [where, urlWith] of urls) {
      const token = planted('tok', 32);
      const password = planted('pw', 20);
      const service = await startWith(context, { env: { APP_AUTH__TOKEN_SECRET: token, APP_DB__URL: urlWith(password) } });
      context.step('reading GET /config, GET / and the output');
      const view = await service.request('/config');
      if (view.kind !== 'response' || view.status !== 200) fail('GET /config to answer HTTP 200', describeOutcome(view));
      await service.request('/');
      await context.sleep(OUTPUT_SETTLE_MS);
      const placeOf = (place: string) => (place === 'response 1' ? 'GET /config' : place);
      const leaks = [
        ...whereSecretLeaks(service, token, [view.body]).map((place) => `the token secret in ${placeOf(place)}`),
        ...whereSecretLeaks(service, password, [view.body]).map((place) => `the database password (in ${where}) in ${placeOf(place)}`),
      ];
      expectThat(leaks.length === 0, `no planted secret in GET /config, stdout or stderr, with the database password in ${where}`, () => `found ${leaks.join(', ')}`);
      let config: Json;
      try {
        config = JSON.parse(view.body) as Json;
      } catch {
        fail('GET /config to answer JSON', `the body ${JSON.stringify(view.body.slice(0, 200))}`);
      }
      expectSetting(config, 'auth.tokenSecret', '[redacted]', 'in GET /config: a secret key shows the marker, so a reader sees the setting is set and hidden');
      const url = valueAt(config, 'db.url');
      expectThat(
        typeof url === 'string' && url.includes(host),
        `db.url in GET /config to keep its host (${host}) and hide only the credentials`,
        () => `db.url: ${shown(url)}`,
      );
    }
  },
});

export const noSecretInErrors = defineCheck({
  id: 'config.no-secret-in-errors',
  title: 'When the configuration is rejected, the errors name the bad setting or file but never print a secret',
  points: 2,
  // Two refused starts in a row, each allowed EXIT_WITHIN_MS.
  timeoutMs: 2 * EXIT_WITHIN_MS + 15_000,
  hint: 'Lesson 01, "Errors without values": report the path and the reason, never the value received, never the merged configuration, and of a JSON.parse error only its position.',
  async run(context) {
    const shortSecret = planted('tk', 12);
    const password = planted('pw', 20);
    const { service } = await expectRefusedStart(context, {
      env: {
        APP_AUTH__TOKEN_SECRET: shortSecret,
        APP_DB__URL: `postgres://shop:${password}@db.example.internal:5432/shop`,
        APP_DB__POOL_SIZE: '500',
      },
    });
    const stderr = service.stderr();
    expectThat(
      stderr.includes('auth.tokenSecret') || stderr.includes('APP_AUTH__TOKEN_SECRET'),
      'stderr to report the too-short auth.tokenSecret (APP_AUTH__TOKEN_SECRET, 12 characters)',
      () => stderrExcerpt(service),
    );
    const leaks = [
      ...whereSecretLeaks(service, shortSecret).map((place) => `the rejected token secret on ${place}`),
      ...whereSecretLeaks(service, password).map((place) => `the database password on ${place}`),
    ];
    expectThat(leaks.length === 0, 'neither planted secret on stdout or stderr', () => `found ${leaks.join(' and ')}`);

    // V8's JSON.parse message quotes about ten characters around the error: here, the secret's start.
    const unquoted = planted('tk', 32);
    const { service: broken } = await expectRefusedStart(context, {
      files: { 'production.json': `{\n  "auth": {\n    "tokenSecret": ${unquoted}\n  }\n}\n` },
      env: { APP_ENV: 'production' },
    });
    expectThat(broken.stderr().includes('production.json'), 'stderr to name config/production.json, which is not valid JSON', () => stderrExcerpt(broken));
    const excerpt = fragmentsOf(unquoted, 8).find((fragment) => `${broken.stdout()}${broken.stderr()}`.includes(fragment));
    expectThat(
      excerpt === undefined,
      'no part of the unquoted token secret in config/production.json on stdout or stderr (keep only the position of a JSON.parse error)',
      () => `found "${excerpt}", ${excerpt!.length} characters of it; ${stderrExcerpt(broken)}`,
    );
  },
});

export const checks = [
  serviceAnswers,
  logsAreStructured,
  configurationLogged,
  defaultsApply,
  fileOverridesDefaults,
  appEnvFileOverrides,
  appEnvDefaultsToDevelopment,
  appEnvFileOptional,
  unreadableFileStops,
  appEnvIsAName,
  filesBesideTheCode,
  envOverridesFiles,
  deepMerge,
  envCoerced,
  envNumbersStrict,
  booleanFalse,
  booleanTrue,
  unknownKeyRejected,
  wrongShapesRefused,
  protoKeyIgnored,
  defaultFileRequired,
  invalidExitsFast,
  reportsEveryProblem,
  problemsNameTheirLayer,
  unparseableFileNamed,
  tokenSecretRequired,
  secretsRedacted,
  noSecretInErrors,
];
