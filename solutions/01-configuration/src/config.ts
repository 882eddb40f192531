/**
 * @module
 * The service's configuration (reference solution of lab 01).
 *
 * Four layers, lowest first: `defaults` below, config/default.json, config/<APP_ENV>.json when it
 * exists, then environment variables APP_<SECTION>__<KEY>. They are deep-merged, validated once by one
 * zod schema, and the result is frozen. Every problem is reported at once, with its path and the layer
 * that set it, and never with a value.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Environment variables are strings: "42" becomes 42, and anything else is left for the schema to reject. */
function integer(min: number, max: number) {
  return z.preprocess(
    (value) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value),
    z.number().int().min(min).max(max),
  );
}

/** "true" and "false" become booleans; "yes", "1" and "" are rejected rather than guessed at. */
const flag = z.preprocess((value) => (value === 'true' ? true : value === 'false' ? false : value), z.boolean());

/** The one description of a valid configuration. Strict objects: a misspelt key is an error, not a no-op. */
export const configSchema = z.strictObject({
  server: z.strictObject({
    port: integer(1, 65_535),
    host: z.string().min(1),
  }),
  db: z.strictObject({
    url: z.url({ protocol: /^postgres(ql)?$/ }),
    poolSize: integer(1, 100),
  }),
  log: z.strictObject({
    level: z.enum(['debug', 'info', 'warn', 'error']),
  }),
  features: z.strictObject({
    signup: flag,
  }),
  auth: z.strictObject({
    tokenSecret: z.string().min(16),
  }),
});

type DeepReadonly<T> = { readonly [K in keyof T]: DeepReadonly<T[K]> };

export type Config = DeepReadonly<z.output<typeof configSchema>>;
export type LogLevel = Config['log']['level'];

/**
 * The lowest layer: a safe value for every setting that can have one. `auth.tokenSecret` has no
 * default on purpose: a secret must come from outside.
 */
export const defaults = {
  server: { port: 3000, host: '127.0.0.1' },
  db: { url: 'postgres://localhost:5432/app', poolSize: 10 },
  log: { level: 'info' },
  features: { signup: false },
  auth: {},
} as const;

/** The configuration cannot be used; `problems` holds one line per problem. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: string[]) {
    const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    super(`Invalid configuration (${count}):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Tree = { [key: string]: unknown };

interface Layer {
  values: Tree;
  /** Where the value at a dotted path came from, in words an operator can act on. */
  origin(path: string): string;
}

const CONFIG_DIR = new URL('../config/', import.meta.url);
const ENV_PREFIX = 'APP_';

/**
 * Merges the layers, validates the result and freezes it. Throws a ConfigError listing every problem.
 * `env` is a parameter so a test can pass its own; the service passes nothing and gets process.env.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  const layers: Layer[] = [{ values: defaults, origin: () => 'default in src/config.ts' }];

  const appEnv = env.APP_ENV ?? 'development';
  const files = ['default.json'];
  if (/^[a-z][a-z0-9-]*$/.test(appEnv)) files.push(`${appEnv}.json`);
  else problems.push('APP_ENV: expected a lower-case name such as "production" (it names a file in config/)');
  for (const name of files) {
    const values = readJsonFile(name, { required: name === 'default.json' }, problems);
    if (values) layers.push({ values, origin: () => `set in config/${name}` });
  }
  layers.push(environmentLayer(env));
  // A broken file would make the merged result misleading (settings "missing" that are only unreadable).
  if (problems.length > 0) throw new ConfigError(problems);

  const merged = layers.reduce<Tree>((result, layer) => deepMerge(result, layer.values), {});
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    throw new ConfigError(result.error.issues.flatMap((issue) => describeIssue(issue, layers)));
  }
  return deepFreeze(result.data);
}

/** Reads config/<name> as a JSON object; a missing optional file is no layer, anything else a problem. */
function readJsonFile(name: string, { required }: { required: boolean }, problems: string[]): Tree | undefined {
  const shown = `config/${name}`;
  let text: string;
  try {
    text = readFileSync(new URL(name, CONFIG_DIR), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return undefined;
    problems.push(`${shown}: cannot be read (${code === 'ENOENT' ? 'no such file' : code})`);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // V8's message may quote the text around the mistake, which can be a secret: keep only the position.
    const position = /line \d+ column \d+/.exec((error as Error).message)?.[0];
    problems.push(`${shown}: not valid JSON${position ? ` (${position})` : ''}`);
    return undefined;
  }
  if (!isTree(parsed)) {
    problems.push(`${shown}: expected a JSON object at the top level`);
    return undefined;
  }
  return parsed;
}

/** APP_DB__POOL_SIZE=5 → { db: { poolSize: "5" } }. Values stay strings: the schema converts them. */
function environmentLayer(env: Record<string, string | undefined>): Layer {
  const values: Tree = {};
  const names = new Map<string, string>();
  for (const name of Object.keys(env).sort()) {
    const value = env[name];
    if (!name.startsWith(ENV_PREFIX) || name === 'APP_ENV' || value === undefined) continue;
    const path = name.slice(ENV_PREFIX.length).split('__').map(toCamelCase);
    setPath(values, path, value);
    names.set(path.join('.'), name);
  }
  return { values, origin: (path) => `set by ${names.get(path) ?? 'the environment'}` };
}

/** "POOL_SIZE" → "poolSize". */
function toCamelCase(word: string): string {
  return word.toLowerCase().replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** ["db", "poolSize"] → "APP_DB__POOL_SIZE", to tell an operator which variable would set a path. */
function toEnvName(path: readonly string[]): string {
  return ENV_PREFIX + path.map((key) => key.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()).join('__');
}

function setPath(tree: Tree, path: readonly string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = isTree(next) ? next : (node[key] = {});
  }
  node[path.at(-1)!] = value;
}

/** A new tree: `over` laid on `base`, objects merged key by key, everything else (arrays too) replaced. */
function deepMerge(base: Tree, over: Tree): Tree {
  const result: Tree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (key === '__proto__') continue; // JSON.parse makes it an own key; assigning it would swap the prototype
    const below = result[key];
    result[key] = isTree(value) && isTree(below) ? deepMerge(below, value) : value;
  }
  return result;
}

/** One line per problem: path, reason, and which layer set the value. Never the value itself. */
function describeIssue(issue: z.core.$ZodIssue, layers: readonly Layer[]): string[] {
  const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
  const reason = issue.code === 'unrecognized_keys' ? 'not a known setting (misspelt?)' : issue.message;
  return paths.map((path) => {
    const keys = path.map(String);
    return `${keys.join('.')}: ${reason} (${originOf(keys, layers) ?? `not set; set ${toEnvName(keys)}`})`;
  });
}

/** The highest layer that set this path, or put a plain value where one of its parents belongs. */
function originOf(keys: readonly string[], layers: readonly Layer[]): string | undefined {
  for (const layer of [...layers].reverse()) {
    let node: unknown = layer.values;
    for (let depth = 0; depth < keys.length; depth++) {
      if (!isTree(node) || !Object.hasOwn(node, keys[depth]!)) break;
      node = node[keys[depth]!];
      if (depth === keys.length - 1 || !isTree(node)) return layer.origin(keys.slice(0, depth + 1).join('.'));
    }
  }
  return undefined;
}

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T>(value: T): T {
  if (isTree(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const SECRET_KEY = /password|secret|token/i;
const REDACTED = '[redacted]';

/** The configuration as GET /config shows it: secret keys and credentials in URLs replaced. */
export function redactConfig(config: Config): unknown {
  return redact(config, '');
}

function redact(value: unknown, key: string): unknown {
  if (SECRET_KEY.test(key)) return REDACTED;
  if (typeof value === 'string') return redactUrl(value);
  if (isTree(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  return value;
}

/** postgres://shop:hunter2@db:5432/shop → postgres://shop:***@db:5432/shop; other strings unchanged. */
function redactUrl(text: string): string {
  if (!URL.canParse(text)) return text;
  const url = new URL(text);
  const secretParams = [...url.searchParams.keys()].filter((name) => SECRET_KEY.test(name));
  if (!url.password && secretParams.length === 0) return text;
  if (url.password) url.password = '***';
  for (const name of secretParams) url.searchParams.set(name, '***');
  return url.href;
}
