/**
 * @module
 * What can go wrong talking to a cohort server, as Error objects a learner-facing UI can word: the
 * server refused (an `application/problem+json` answer), or it could not be reached at all.
 */

/** The fields of an RFC 9457 problem the submission API sends with every refusal. */
export interface ProblemDetails {
  type?: string;
  title: string;
  detail: string;
  status: number;
  [extension: string]: unknown;
}

/** The cohort server answered with an error: its problem's title and detail say what to do. */
export class CohortProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly type: string | undefined;
  /** Seconds to wait before trying again (429, 503), from `Retry-After`; undefined when not given. */
  readonly retryAfterSeconds: number | undefined;
  /** The whole problem document, extensions included. */
  readonly problem: ProblemDetails;

  constructor(problem: ProblemDetails, retryAfterSeconds?: number) {
    super(`${problem.title}: ${problem.detail}`);
    this.name = 'CohortProblem';
    this.status = problem.status;
    this.title = problem.title;
    this.detail = problem.detail;
    this.type = problem.type;
    this.retryAfterSeconds = retryAfterSeconds;
    this.problem = problem;
  }
}

/** No answer from the cohort server: wrong address, server down, no network, timeout, or (in a browser) CORS. */
export class CohortUnreachable extends Error {
  /** The address that was tried. */
  readonly url: string;
  /** Why, in a few words (`ECONNREFUSED`, `no answer within 15 s`, `network error`). */
  readonly reason: string;

  constructor(url: string, reason: string, options?: { cause?: unknown }) {
    super(`Could not reach the cohort server at ${url} (${reason}).`, options);
    this.name = 'CohortUnreachable';
    this.url = url;
    this.reason = reason;
  }
}

/**
 * Seconds from a `Retry-After` value: delta-seconds or an HTTP date. Undefined when absent or unreadable
 * (a browser hides it on a cross-origin answer unless the server exposes it).
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The error of a refused request. A problem document is taken as the server wrote it; anything else (a
 * proxy's HTML page, a server that is not a cohort server) becomes a problem that says so.
 */
export async function problemFrom(response: Response): Promise<CohortProblem> {
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const fromBody = isRecord(body) && typeof body.retryAfter === 'number' ? body.retryAfter : undefined;
  const retryAfter = parseRetryAfter(response.headers.get('retry-after')) ?? fromBody;
  if (isRecord(body) && typeof body.title === 'string') {
    return new CohortProblem(
      { ...body, title: body.title, detail: typeof body.detail === 'string' ? body.detail : '', status: response.status },
      retryAfter,
    );
  }
  const statusText = response.statusText ? ` ${response.statusText}` : '';
  return new CohortProblem(
    {
      title: `The cohort server answered ${response.status}${statusText}`,
      detail: `${response.url || 'The address'} did not answer as a cohort server does: check the address your instructor gave you.`,
      status: response.status,
    },
    retryAfter,
  );
}
