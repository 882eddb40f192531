/**
 * @module
 * The service's configuration, read from the environment once, at start-up (reference solution of lab 02).
 *
 * - APP_ENV is development, test or production; production when unset, so a forgotten variable never
 *   turns on development behaviour.
 * - Only in development is a .env file in the working directory read, and a variable set in the real
 *   environment wins over it (process.loadEnvFile never overwrites one).
 * - An empty variable counts as unset: an error for a required one, the default for an optional one.
 * - Every problem is reported at once, by variable name; values never appear in a message.
 */
import { z } from 'zod';
import type { ServiceInfo } from './app.ts';
import { type LogLevel, logLevels } from './log.ts';

export const appEnvs = ['development', 'test', 'production'] as const;

export type AppEnv = (typeof appEnvs)[number];

const environmentSchema = z.object({
  APP_ENV: z.enum(appEnvs).default('production'),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.url({
    protocol: /^postgres(ql)?$/,
    hostname: /./,
    error: (issue) =>
      issue.input === undefined ? 'is required' : 'must be a URL such as postgres://user:password@host:5432/name',
  }),
  SESSION_SECRET: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : undefined) })
    .min(32, 'must be at least 32 characters long'),
});

export interface Config {
  readonly appEnv: AppEnv;
  readonly logLevel: LogLevel;
  readonly port: number;
  readonly host: string;
  /** Holds the database password: hand it to the database client, nowhere else. */
  readonly databaseUrl: string;
  readonly databaseHost: string;
  readonly sessionSecret: string;
}

/** The environment cannot run the service. The message lists every problem, and no value. */
export class InvalidEnvironmentError extends Error {
  /** The variables that are missing or malformed, by name. */
  readonly variables: readonly string[];

  constructor(report: string, variables: readonly string[]) {
    super(report);
    this.name = 'InvalidEnvironmentError';
    this.variables = variables;
  }
}

/** In development only, reads ./.env into process.env; variables already set keep their values. */
function loadDotenvInDevelopment(): void {
  if (process.env.APP_ENV !== 'development') return;
  try {
    process.loadEnvFile('.env');
  } catch {
    // No .env: a developer with every variable exported needs none.
  }
}

/** `FOO=` is as good as no FOO at all: drop empty values so defaults and "is required" apply. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const set: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value) set[name] = value;
  return set;
}

/** Reads and validates the configuration; throws InvalidEnvironmentError naming every bad variable. */
export function loadConfig(): Config {
  loadDotenvInDevelopment();
  const result = environmentSchema.safeParse(withoutEmpty(process.env));
  if (!result.success) {
    const variables = [...new Set(result.error.issues.map((issue) => String(issue.path[0])))];
    throw new InvalidEnvironmentError(`Invalid environment:\n${z.prettifyError(result.error)}`, variables);
  }
  const env = result.data;
  return Object.freeze({
    appEnv: env.APP_ENV,
    logLevel: env.LOG_LEVEL,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    databaseHost: new URL(env.DATABASE_URL).hostname,
    sessionSecret: env.SESSION_SECRET,
  });
}

/** What GET /info shows: the settings an operator needs to compare instances, and nothing secret. */
export function serviceInfo(config: Config): ServiceInfo {
  return { appEnv: config.appEnv, logLevel: config.logLevel, port: config.port, databaseHost: config.databaseHost };
}
