// sample: section "Putting it together" — the shape of loadConfig(), its helpers left to you
import type { Config } from './types.ts';

type Tree = { [key: string]: unknown };
interface Layer {
  values: Tree;
  /** "set in config/staging.json", "set by APP_DB__POOL_SIZE": for error messages. */
  origin(path: string): string;
}

declare const defaults: Tree;
declare function fileLayers(appEnv: string, problems: string[]): Layer[]; // default.json, then <APP_ENV>.json
declare function environmentLayer(env: Record<string, string | undefined>): Layer;
declare function deepMerge(base: Tree, over: Tree): Tree;
declare function validate(merged: Tree, layers: Layer[]): Config | string[]; // the config, or one line per problem
declare function deepFreeze<T>(value: T): T;
declare class ConfigError extends Error {
  constructor(problems: string[]);
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  const layers: Layer[] = [
    { values: defaults, origin: () => 'default in src/config.ts' },
    ...fileLayers(env.APP_ENV ?? 'development', problems),
    environmentLayer(env),
  ];
  if (problems.length > 0) throw new ConfigError(problems); // unreadable files: stop here
  const merged = layers.reduce<Tree>((result, layer) => deepMerge(result, layer.values), {});
  const checked = validate(merged, layers);
  if (Array.isArray(checked)) throw new ConfigError(checked); // every problem, at once
  return deepFreeze(checked);
}
