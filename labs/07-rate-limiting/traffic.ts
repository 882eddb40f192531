/**
 * @module
 * How lab 07's checks talk to the service: the limits they start it with, requests from chosen
 * clients (another loopback source address, or an X-Forwarded-For value), the fields of a 429, and
 * the two numbers they read from /metrics.
 */
import { expectThat, fail } from '../../src/engine/check.ts';
import { describeExit, describeOutcome } from '../../src/engine/describe.ts';
import { parseExposition } from '../../src/engine/exposition.ts';
import type { ExitInfo, HttpOutcome, KeepAliveConnection, RequestOptions, ServiceInstance } from '../../src/engine/harness.ts';

export interface Limits {
  windowMs: number;
  perIp: number;
  global: number;
  login: number;
  trustProxy?: boolean;
}

/** The environment that gives the service these limits. */
export function limitsEnv({ windowMs, perIp, global, login, trustProxy = false }: Limits): Record<string, string> {
  return {
    RATE_LIMIT_WINDOW_MS: String(windowMs),
    RATE_LIMIT_PER_IP: String(perIp),
    RATE_LIMIT_GLOBAL: String(global),
    RATE_LIMIT_LOGIN: String(login),
    TRUST_PROXY: String(trustProxy),
  };
}

export type Answer = Extract<HttpOutcome, { kind: 'response' }>;

export interface From {
  /** The loopback address to send from: another address is another client (needs 'second-loopback'). */
  address?: string;
  /** An X-Forwarded-For value, as a proxy (or a client pretending to be one) writes it. */
  forwardedFor?: string;
  connection?: KeepAliveConnection;
}

/** GET `path` from a client; any answer is returned, a failure to answer fails the check. */
export async function get(service: ServiceInstance, path: string, from: From = {}): Promise<Answer> {
  return answered(path, await service.request(path, requestOptions(from)));
}

/** A login attempt with a wrong password (answered 401 when it reaches the handler). */
export async function wrongLogin(service: ServiceInstance, from: From = {}): Promise<Answer> {
  const options = requestOptions(from);
  const outcome = await service.request('/login', {
    ...options,
    method: 'POST',
    headers: { ...options.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'ada', password: 'not the password' }),
  });
  return answered('POST /login', outcome);
}

function requestOptions({ address, forwardedFor, connection }: From): RequestOptions & { headers: Record<string, string> } {
  return {
    timeoutMs: 5000,
    ...(address === undefined ? {} : { localAddress: address }),
    ...(connection === undefined ? {} : { connection }),
    headers: forwardedFor === undefined ? {} : ({ 'x-forwarded-for': forwardedFor } as Record<string, string>),
  };
}

function answered(what: string, outcome: HttpOutcome): Answer {
  if (outcome.kind !== 'response') fail(`${what} to be answered, limited or not`, describeOutcome(outcome));
  return outcome;
}

/** Sends `count` requests one after another, each with `send`. */
export async function burst(count: number, send: (index: number) => Promise<Answer>): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let index = 0; index < count; index++) answers.push(await send(index));
  return answers;
}

/** "200 ×5, 429 ×2": the statuses of a burst in order, runs folded. */
export function statuses(answers: readonly Answer[]): string {
  const runs: Array<{ status: number; times: number }> = [];
  for (const { status } of answers) {
    const last = runs.at(-1);
    if (last?.status === status) last.times++;
    else runs.push({ status, times: 1 });
  }
  return runs.map(({ status, times }) => (times === 1 ? String(status) : `${status} ×${times}`)).join(', ') || 'nothing';
}

export const limited = (answer: Answer) => answer.status === 429;

/** Fails unless the first `allowed` answers are not 429 and every one after them is. */
export function expectLimitedAfter(answers: readonly Answer[], allowed: number, what: string, why: string): void {
  const ok = answers.every((answer, index) => (index < allowed ? !limited(answer) : limited(answer)));
  expectThat(
    ok,
    `${what}: the first ${allowed} answered, every one after them 429 Too Many Requests`,
    () => `${statuses(answers)}${why ? `: ${why}` : ''}`,
  );
}

/** The RateLimit fields of an answer, in whichever form of the IETF draft it uses. */
export interface RateLimitFields {
  limit?: number;
  remaining?: number;
  /** Seconds until the quota resets. */
  reset?: number;
  policy?: string;
  /** The header lines as received, for messages. */
  shown: string;
}

/**
 * Reads `RateLimit: limit=2, remaining=0, reset=3` (draft 7), `RateLimit-Limit`/`-Remaining`/`-Reset`
 * (draft 6), or `RateLimit: "default";r=0;t=3` (later drafts), with `RateLimit-Policy`.
 */
export function rateLimitFields(headers: Record<string, string>): RateLimitFields {
  const combined = headers['ratelimit'];
  const number = (text: string | undefined) => (text !== undefined && /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined);
  const item = (pattern: RegExp) => number(combined?.match(pattern)?.[1]);
  const fields: RateLimitFields = {
    limit: combined ? item(/\blimit=(\d+)/) : number(headers['ratelimit-limit']),
    remaining: combined ? (item(/\bremaining=(\d+)/) ?? item(/;\s*r=(\d+)/)) : number(headers['ratelimit-remaining']),
    reset: combined ? (item(/\breset=(\d+)/) ?? item(/;\s*t=(\d+)/)) : number(headers['ratelimit-reset']),
    policy: headers['ratelimit-policy'],
    shown: '',
  };
  const names = ['ratelimit', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'retry-after'];
  fields.shown = names.filter((name) => headers[name] !== undefined).map((name) => `${name}: ${headers[name]}`).join('; ') || 'no rate-limit header at all';
  return fields;
}

/** The value of an unlabelled gauge (or the sum of a counter's series) in GET /metrics. */
export async function metricValue(service: ServiceInstance, name: string): Promise<number | undefined> {
  const outcome = await service.request('/metrics', { timeoutMs: 5000 });
  if (outcome.kind !== 'response' || outcome.status !== 200) fail('GET /metrics to answer 200, never limited', shownAnswer(outcome));
  let families;
  try {
    families = parseExposition(outcome.body);
  } catch (error) {
    fail('GET /metrics to answer in the Prometheus text format, as src/metrics.ts does', (error as Error).message);
  }
  const samples = families.get(name)?.samples.filter((sample) => sample.name === name);
  return samples?.length ? samples.reduce((sum, sample) => sum + sample.value, 0) : undefined;
}

/** "HTTP 429 in 3 ms: {…}" */
export function shownAnswer(outcome: HttpOutcome): string {
  return outcome.kind === 'response' ? `${describeOutcome(outcome)}: ${outcome.body.slice(0, 200) || '(empty body)'}` : describeOutcome(outcome);
}

/** "it exited (code 134): <the end of stderr>", for a service found gone. */
export function shownExit(exit: ExitInfo | undefined, stderr: string): string {
  const tail = stderr.trim().split('\n').slice(-3).join(' / ');
  return `${exit ? `it exited (${describeExit(exit)})` : 'it was gone'}${tail ? `: ${tail.slice(0, 300)}` : ''}`;
}
