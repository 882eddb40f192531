// sample: section "Empty means unset" — one rule for FOO= before any schema sees it
/** Copies the environment without its empty values, so defaults and "is required" apply to them. */
export function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const set: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') set[name] = value;
  }
  return set;
}
