/**
 * @module
 * A cohort server that speaks the submission API v1 of docs/cohorts.md and nothing more: tokens,
 * assignments, the refusals (400, 401, 403, 413, 422, 429 with Retry-After), CORS for the course's
 * origin, and a submission that moves queued → grading → graded (or not graded) one step per poll.
 * The client, CLI and workspace tests run against it; nothing here grades.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { AddressInfo } from 'node:net';
import { findLab } from '../../labs/index.ts';
import type { LabReport } from '../../src/engine/report.ts';

export interface FakeLearner {
  name: string;
  email: string;
}

export interface FakeAssignment {
  lab: string;
  title: string;
  deadline: string | null;
  latePolicy: 'accept' | 'flag' | 'refuse';
}

/** How a submission's grading ends: graded with a report, or not graded for a reason. */
export type FakeOutcome = { status: 'graded'; report: LabReport } | { status: 'not-graded'; reason: string };

export interface FakeCohortOptions {
  /** token → learner. */
  learners: Record<string, FakeLearner>;
  cohort?: { id: string; name: string };
  assignments: FakeAssignment[];
  /** How each submission's grading ends (default: graded, every check of an empty report passing). */
  outcome?: (lab: string, files: Record<string, string>) => FakeOutcome;
  /** Polls that see each of `queued` and `grading` before the outcome (default 1). */
  pollsPerStage?: number;
  /** Origins the API answers (CORS); the contract's default is the course site. */
  allowedOrigins?: string[];
  /** Lab ids this server knows (default: every lab of this checkout); an older server may know fewer. */
  knownLabs?: string[];
  /** Submissions a minute per learner (the contract's 10). */
  perMinute?: number;
}

export interface ReceivedSubmission {
  id: string;
  token: string;
  lab: string;
  files: Record<string, string>;
  /** The `X-Operable-Client` header, if sent (`cli`). */
  client: string | undefined;
}

export interface FakeCohort {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  /** Every submission accepted, in order. */
  received: ReceivedSubmission[];
  /** Every request, as `METHOD /path`. */
  requests: string[];
  close(): Promise<void>;
}

const MAX_FILE_BYTES = 256 * 1024;
const MAX_BODY_BYTES = 1024 * 1024;

function problem(status: number, title: string, detail: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title, status, detail }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

const emptyReport = (lab: string): LabReport => ({ lab, title: lab, passed: true, score: 0, maxScore: 0, durationMs: 0, checks: [] });

type FakeEnv = { Variables: { token: string; learner: FakeLearner } };

export function createFakeCohortApp(options: FakeCohortOptions, received: ReceivedSubmission[] = [], requests: string[] = []): Hono<FakeEnv> {
  const cohort = options.cohort ?? { id: 'c1', name: 'Spring cohort' };
  const perMinute = options.perMinute ?? 10;
  const pollsPerStage = options.pollsPerStage ?? 1;
  const outcome = options.outcome ?? ((lab) => ({ status: 'graded', report: emptyReport(lab) }) as FakeOutcome);
  const recent = new Map<string, number[]>();
  const polls = new Map<string, number>();
  const createdAt = new Map<string, string>();
  const late = new Map<string, boolean>();

  const app = new Hono<FakeEnv>();
  app.use('*', async (c, next) => {
    requests.push(`${c.req.method} ${new URL(c.req.url).pathname}`);
    await next();
  });
  app.use(
    '/api/v1/*',
    cors({
      origin: options.allowedOrigins ?? ['http://localhost:4321'],
      allowHeaders: ['Authorization', 'Content-Type'],
      allowMethods: ['GET', 'POST'],
      exposeHeaders: ['Location', 'Retry-After'],
    }),
  );
  app.use('/api/v1/*', async (c, next) => {
    const token = /^Bearer (.+)$/.exec(c.req.header('Authorization') ?? '')?.[1];
    const learner = token ? options.learners[token] : undefined;
    if (!token || !learner) return problem(401, 'Unknown token', 'This personal token is not one of this cohort’s. Ask your instructor for your join link and open it again to see your token.');
    c.set('token', token);
    c.set('learner', learner);
    await next();
  });

  app.get('/api/v1/me', (c) => c.json({ learner: c.get('learner'), cohort, assignments: options.assignments }));

  app.post('/api/v1/submissions', async (c) => {
    const raw = await c.req.text();
    if (new TextEncoder().encode(raw).length > MAX_BODY_BYTES) return problem(413, 'Submission too large', 'A submission may be at most 1 MiB.');
    let body: { lab?: unknown; files?: unknown };
    try {
      body = JSON.parse(raw);
    } catch {
      return problem(400, 'Malformed submission', 'The body must be JSON: { "lab": "<lab id>", "files": { "<path>": "<content>" } }.');
    }
    if (typeof body.lab !== 'string' || typeof body.files !== 'object' || body.files === null || Object.values(body.files).some((v) => typeof v !== 'string')) {
      return problem(400, 'Malformed submission', 'The body must be JSON: { "lab": "<lab id>", "files": { "<path>": "<content>" } }.');
    }
    const files = body.files as Record<string, string>;
    const lab = !options.knownLabs || options.knownLabs.includes(body.lab) ? findLab(body.lab) : undefined;
    if (!lab) return problem(422, 'Unknown lab', `There is no lab "${body.lab}".`);
    const stray = Object.keys(files).find((path) => !lab.manifest.editableFiles.includes(path));
    if (stray !== undefined) return problem(422, 'Not an editable file', `${stray} is not one of ${lab.manifest.id}'s editable files (${lab.manifest.editableFiles.join(', ')}).`);
    const big = Object.entries(files).find(([, content]) => new TextEncoder().encode(content).length > MAX_FILE_BYTES);
    if (big) return problem(413, 'File too large', `${big[0]} is over 256 KiB; a lab file may be at most 256 KiB.`);
    const assignment = options.assignments.find((a) => a.lab === lab.manifest.id);
    if (!assignment) return problem(403, 'Lab not assigned', `${lab.manifest.id} is not assigned in ${cohort.name}.`);
    const isLate = assignment.deadline !== null && Date.now() > Date.parse(assignment.deadline);
    if (isLate && assignment.latePolicy === 'refuse') {
      return problem(403, 'Past the deadline', `The deadline of ${lab.manifest.id} was ${assignment.deadline}; this cohort refuses late submissions.`);
    }
    const token = c.get('token');
    const now = Date.now();
    const times = (recent.get(token) ?? []).filter((at) => now - at < 60_000);
    if (times.length >= perMinute) {
      const retryAfter = Math.ceil((times[0]! + 60_000 - now) / 1000);
      return problem(429, 'Too many submissions', `At most ${perMinute} submissions a minute: try again in ${retryAfter} s.`, { 'Retry-After': String(retryAfter) });
    }
    recent.set(token, [...times, now]);
    const id = String(received.length + 1);
    received.push({ id, token, lab: lab.manifest.id, files, client: c.req.header('X-Operable-Client') });
    createdAt.set(id, new Date().toISOString());
    late.set(id, isLate);
    const statusUrl = new URL(`/api/v1/submissions/${id}`, c.req.url).href;
    c.header('Location', statusUrl);
    return c.json({ id, lab: lab.manifest.id, status: 'queued', late: isLate, url: new URL(`/me/submissions/${id}`, c.req.url).href, statusUrl }, 202);
  });

  app.get('/api/v1/submissions/:id', (c) => {
    const id = c.req.param('id');
    const submission = received.find((s) => s.id === id);
    if (!submission || submission.token !== c.get('token')) return problem(404, 'No such submission', `You have no submission ${id}.`);
    const count = (polls.get(id) ?? 0) + 1;
    polls.set(id, count);
    const base = { id, lab: submission.lab, late: late.get(id), createdAt: createdAt.get(id) };
    if (count <= pollsPerStage) return c.json({ ...base, status: 'queued' });
    if (count <= 2 * pollsPerStage) return c.json({ ...base, status: 'grading' });
    const end = outcome(submission.lab, submission.files);
    return c.json(end.status === 'graded' ? { ...base, status: 'graded', report: end.report } : { ...base, status: 'not-graded', reason: end.reason });
  });

  app.get('/me/submissions/:id', (c) => c.html(`<!doctype html><title>Submission ${c.req.param('id')}</title><h1>Your submission</h1>`));
  return app;
}

/** Starts the fake on a free loopback port. */
export function startFakeCohort(options: FakeCohortOptions): Promise<FakeCohort> {
  const received: ReceivedSubmission[] = [];
  const requests: string[] = [];
  const app = createFakeCohortApp(options, received, requests);
  return new Promise((resolve) => {
    const server: ServerType = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        received,
        requests,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      }),
    );
  });
}
