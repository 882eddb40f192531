/**
 * @module
 * A typed client of the cohort server's submission API v1, on `fetch` only, so the CLI (Node) and the
 * lab workspace (browser) share it. Refusals become `CohortProblem`s, silence `CohortUnreachable`.
 *
 * @example
 * const cohort = new CohortClient({ baseUrl: 'https://cohort.example.edu', token });
 * const accepted = await cohort.submit('03-graceful-shutdown', { 'src/shutdown.ts': source });
 * const final = await cohort.waitForGrading(accepted, { onStatus: (state) => console.log(state.status) });
 */
import { CohortProblem, CohortUnreachable, problemFrom } from './problems.ts';
import type { Me, SubmissionAccepted, SubmissionState, SubmittedFiles } from './types.ts';
import { waitForGrading, type WaitOptions } from './wait.ts';

export interface CohortClientOptions {
  /** The cohort server's address, as the instructor gave it (see `cohortBaseUrl`). */
  baseUrl: string | URL;
  /** The learner's personal token. Sent as a bearer token, never put in a message. */
  token: string;
  /** How long one request may take before the server counts as unreachable (default 15 s). */
  requestTimeoutMs?: number;
  /**
   * Who is submitting, sent as `X-Operable-Client` (the server records it: `cli`; none means the
   * workspace, where a header of its own would need one more CORS allowance).
   */
  clientName?: 'cli';
  /** A fetch of its own (tests); the global one by default. */
  fetch?: typeof fetch;
}

const API = 'api/v1/';

/**
 * The cohort server's base address from what a learner typed: http(s) only, without query or fragment,
 * cut before `/api/v1` if the API's own address was pasted, ending in `/` so API paths resolve under it.
 * Throws a TypeError that says what is wrong.
 */
export function cohortBaseUrl(input: string | URL): URL {
  let url: URL;
  try {
    url = new URL(String(input).trim());
  } catch {
    throw new TypeError(`"${String(input)}" is not an address: give the cohort server's full URL, e.g. https://cohort.example.edu`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`The cohort server's address must start with https:// or http://, not ${url.protocol}//`);
  }
  url.search = '';
  url.hash = '';
  url.username = '';
  url.password = '';
  const api = url.pathname.indexOf('/api/v1');
  if (api >= 0) url.pathname = url.pathname.slice(0, api);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export class CohortClient {
  readonly baseUrl: URL;
  readonly #token: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  readonly #clientName: string | undefined;

  constructor(options: CohortClientOptions) {
    this.baseUrl = cohortBaseUrl(options.baseUrl);
    this.#token = options.token.trim();
    this.#timeoutMs = options.requestTimeoutMs ?? 15_000;
    this.#fetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
    this.#clientName = options.clientName;
  }

  /** Who the token belongs to, their cohort and its assignments. A 401 means the token is unknown. */
  async me(): Promise<Me> {
    const body = await this.#request('GET', `${API}me`);
    if (!isRecord(body) || !isRecord(body.learner) || !isRecord(body.cohort) || !Array.isArray(body.assignments)) throw this.#unexpected('me');
    return body as unknown as Me;
  }

  /** Sends a lab's editable files for grading; the answer says where to follow it. */
  async submit(lab: string, files: SubmittedFiles): Promise<SubmissionAccepted> {
    const { body, location } = await this.#exchange('POST', `${API}submissions`, { lab, files });
    if (!isRecord(body) || body.id === undefined || typeof body.url !== 'string') throw this.#unexpected('submissions');
    const id = String(body.id);
    const statusUrl = typeof body.statusUrl === 'string' ? body.statusUrl : (location ?? `${API}submissions/${encodeURIComponent(id)}`);
    return {
      ...(body as unknown as SubmissionAccepted),
      id,
      url: new URL(body.url, this.baseUrl).href,
      statusUrl: new URL(statusUrl, this.baseUrl).href,
    };
  }

  /** The state of one submission (its report once graded), by id or by its `statusUrl`. */
  async submission(idOrStatusUrl: string): Promise<SubmissionState> {
    const target = /^https?:\/\//.test(idOrStatusUrl) ? idOrStatusUrl : `${API}submissions/${encodeURIComponent(idOrStatusUrl)}`;
    const body = await this.#request('GET', target);
    if (!isRecord(body) || typeof body.status !== 'string' || body.id === undefined) throw this.#unexpected('submissions/:id');
    return { ...(body as unknown as SubmissionState), id: String(body.id) };
  }

  /** Polls a submission, slower and slower, until it is graded or not graded. See `WaitOptions`. */
  waitForGrading(submission: Pick<SubmissionAccepted, 'statusUrl'>, options: WaitOptions = {}): Promise<SubmissionState> {
    return waitForGrading(() => this.submission(submission.statusUrl), options);
  }

  async #request(method: string, path: string, json?: unknown): Promise<unknown> {
    return (await this.#exchange(method, path, json)).body;
  }

  async #exchange(method: string, path: string, json?: unknown): Promise<{ body: unknown; location: string | undefined }> {
    const url = new URL(path, this.baseUrl);
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', Authorization: `Bearer ${this.#token}` };
    if (json !== undefined) headers['Content-Type'] = 'application/json';
    if (this.#clientName) headers['X-Operable-Client'] = this.#clientName;
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method,
        headers,
        body: json === undefined ? undefined : JSON.stringify(json),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new CohortUnreachable(this.baseUrl.href, unreachableReason(error, this.#timeoutMs), { cause: error });
    }
    if (!response.ok) throw await problemFrom(response);
    const body: unknown = await response.json().catch(() => undefined);
    return { body, location: response.headers.get('location') ?? undefined };
  }

  #unexpected(endpoint: string): CohortProblem {
    return new CohortProblem({
      status: 200,
      title: 'Unexpected answer from the cohort server',
      detail: `Its answer to ${endpoint} is not what the submission API v1 sends: check the address, or tell your instructor.`,
    });
  }
}

/** A few words on why fetch failed: Node puts the system error's code in `cause`; browsers say nothing more. */
function unreachableReason(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  return 'no answer';
}
