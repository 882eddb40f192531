// sample: section "Keep secrets out of every output" — redaction by key name
const SECRET_KEY = /password|secret|token/i;

/** A copy of `value` with every secret-named key's value replaced, at any depth. */
export function redactKeys(value: unknown, key = ''): unknown {
  if (SECRET_KEY.test(key)) return '[redacted]';
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactKeys(v, k)]));
  }
  return value; // strings pass unchanged: a URL with a password needs its own treatment
}
