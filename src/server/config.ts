/**
 * @module
 * The Operable server's settings, read once from the environment and validated before anything
 * listens. It executes learners' code, so it binds to loopback only.
 */
import { z } from 'zod';

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'] as const;

const configSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(4321),
  HOST: z.enum(LOOPBACK_HOSTS, { error: `HOST must be a loopback address (${LOOPBACK_HOSTS.join(', ')}): this server runs code` }).default('127.0.0.1'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
});

export type ServerConfig = Readonly<{ port: number; host: string; shutdownTimeoutMs: number }>;

/** Parses the environment; on error, the message names every bad variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid configuration:\n${z.prettifyError(parsed.error)}`);
  }
  return Object.freeze({ port: parsed.data.PORT, host: parsed.data.HOST, shutdownTimeoutMs: parsed.data.SHUTDOWN_TIMEOUT_MS });
}
