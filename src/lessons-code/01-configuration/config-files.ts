// sample: section "Files per environment" — which files, found where
import { readFileSync } from 'node:fs';

/** config/ next to src/, wherever the process was started from. */
const CONFIG_DIR = new URL('../config/', import.meta.url);

/** The text of config/<name>, or undefined when an optional file does not exist. */
export function readConfigFile(name: string, { optional }: { optional: boolean }): string | undefined {
  try {
    return readFileSync(new URL(name, CONFIG_DIR), 'utf8');
  } catch (error) {
    if (optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error; // a file that exists but cannot be read is a problem, not a missing layer
  }
}

export function configFileNames(env: Record<string, string | undefined>): string[] {
  const appEnv = env.APP_ENV ?? 'development';
  // APP_ENV names a file: refuse "../../etc/passwd" rather than read it.
  if (!/^[a-z][a-z0-9-]*$/.test(appEnv)) throw new Error('APP_ENV must be a lower-case name such as "production"');
  return ['default.json', `${appEnv}.json`];
}
