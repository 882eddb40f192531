/**
 * @module
 * The local runtime's HTTP API, used by the workspace: run the learner's files as the lab's service,
 * stream its output, send it signals and requests, and run the lab's checks. JSON in; JSON or
 * newline-delimited JSON streams out.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import { findLab } from '../../labs/index.ts';
import type { Lab } from '../engine/lab.ts';
import { refusedVariable } from '../engine/refused-env.ts';
import { fakeModeOf, type HttpOutcome, serviceNotRunning, WORKSPACE_SLOW_DELAY_MS } from '../engine/harness.ts';
import { composeSubmission, MAX_EDITABLE_FILE_BYTES, type SubmissionFiles } from '../engine/submission.ts';
import { gradeSubmission } from '../engine/node/grade.ts';
import { labFolders } from '../engine/node/project-paths.ts';
import { readFolder } from '../engine/node/read-folder.ts';
import type { CheckStreamItem } from '../runtime/container-protocol.ts';
import { REQUEST_JSON_MAX_BYTES } from '../runtime/lab-runtime.ts';
import { type LabSessions, REQUEST_TIMEOUT_MS, type RuntimeEvent } from './lab-sessions.ts';

/** Events waiting for one page of the events stream; beyond it, log lines are counted instead of kept. */
const MAX_QUEUED_EVENTS = 2000;

const filesBody = z.object({ files: z.record(z.string(), z.string().max(MAX_EDITABLE_FILE_BYTES)) });
const runBody = filesBody.extend({
  env: z
    .record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'names are upper case, digits and _'), z.string().max(4096))
    .default({})
    .superRefine((env, context) => {
      for (const name of Object.keys(env)) {
        const refused = refusedVariable(name);
        if (refused) context.addIssue({ code: 'custom', message: refused, path: [name] });
      }
    }),
  scratchFiles: z.record(z.string(), z.string().max(MAX_EDITABLE_FILE_BYTES)).default({}),
});
const signalBody = z.object({ signal: z.enum(['SIGTERM', 'SIGINT']) });
const fakeBody = z.object({
  mode: z.enum(['up', 'down', 'slow', 'hanging']),
  delayMs: z.number().int().min(0).max(60_000).default(WORKSPACE_SLOW_DELAY_MS),
});
const requestBody = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE', 'HEAD']).default('GET'),
  path: z.string().startsWith('/').max(2000),
  timeoutMs: z.number().int().min(100).max(REQUEST_TIMEOUT_MS).default(REQUEST_TIMEOUT_MS).describe("A probe's timeout"),
  instance: z.enum(['A', 'B']).default('A').describe('Which instance of the service to ask (B: the second one, on a lab with a shared cache)'),
  json: z
    .json()
    .optional()
    .refine((json) => json === undefined || Buffer.byteLength(JSON.stringify(json)) <= REQUEST_JSON_MAX_BYTES, `a JSON body of at most ${REQUEST_JSON_MAX_BYTES} bytes`)
    .describe('The body, sent as application/json (a job payload)'),
});

type Env = { Variables: { lab: Lab } };

export interface ApiOptions {
  sessions: LabSessions;
  /** Streams end when this aborts: the server is shutting down. */
  shutdown: AbortSignal;
}

/** Starters read once per server: the built site the learner sees is fixed for the server's life too. */
const starters = new Map<string, Promise<SubmissionFiles>>();

function starterOf(lab: Lab): Promise<SubmissionFiles> {
  let starter = starters.get(lab.manifest.id);
  if (!starter) {
    starter = readFolder(labFolders(lab.manifest.id).starter);
    starters.set(lab.manifest.id, starter);
  }
  return starter;
}

/** The learner's editable files over the starter; names of files the lab does not let them edit are refused. */
async function submissionFrom(lab: Lab, files: Record<string, string>): Promise<SubmissionFiles | string> {
  const foreign = Object.keys(files).filter((path) => !lab.manifest.editableFiles.includes(path));
  if (foreign.length) return `Not editable in this lab: ${foreign.join(', ')}`;
  const starter = await starterOf(lab);
  return composeSubmission(lab.manifest, starter, new Map(Object.entries(files))).files;
}

export function createApi({ sessions, shutdown }: ApiOptions): Hono<Env> {
  const api = new Hono<Env>();
  api.use(bodyLimit({ maxSize: 2 * 1024 * 1024, onError: (c) => c.json({ error: 'Request body over 2 MiB.' }, 413) }));

  api.get('/runtime', (c) => c.json({ runtime: 'local' }));

  api.use('/labs/:lab/*', async function findLabOr404(c, next) {
    const lab = findLab(c.req.param('lab') ?? '');
    if (!lab) return c.json({ error: `There is no lab "${c.req.param('lab')}".` }, 404);
    c.set('lab', lab);
    await next();
  });

  const parse = async <T>(schema: z.ZodType<T>, body: Promise<unknown>): Promise<T | { error: string }> => {
    const parsed = schema.safeParse(await body.catch(() => undefined));
    return parsed.success ? parsed.data : { error: `Malformed request: ${z.prettifyError(parsed.error)}` };
  };

  api.post('/labs/:lab/service', async (c) => {
    const body = await parse(runBody, c.req.json());
    if ('error' in body) return c.json(body, 400);
    const { manifest } = c.var.lab;
    const files = await submissionFrom(c.var.lab, body.files);
    if (typeof files === 'string') return c.json({ error: files }, 400);
    // The harness owns the port and host; the learner's environment may set anything else.
    const reserved = Object.keys(body.env).filter((name) => name === manifest.portEnv || name === 'HOST');
    if (reserved.length) return c.json({ error: `${reserved.join(', ')} is set by the runtime; remove it from the environment.` }, 400);
    const foreign = Object.keys(body.scratchFiles).filter((path) => !manifest.workspace.scratchFiles.some((file) => file.path === path));
    if (foreign.length) return c.json({ error: `Not a scratch file of this lab: ${foreign.join(', ')}` }, 400);
    const result = await sessions.start(c.var.lab, files, { env: body.env, scratchFiles: body.scratchFiles });
    return result.ok ? c.json(result) : c.json(result, 422);
  });

  api.delete('/labs/:lab/service', async (c) => {
    await sessions.stop(c.var.lab.manifest.id);
    return c.json({ ok: true });
  });

  api.post('/labs/:lab/service/signal', async (c) => {
    const body = await parse(signalBody, c.req.json());
    if ('error' in body) return c.json(body, 400);
    if (!sessions.signal(c.var.lab.manifest.id, body.signal)) return c.json({ error: 'The service is not running.' }, 409);
    return c.json({ ok: true });
  });

  api.post('/labs/:lab/fakes/:name', async (c) => {
    const body = await parse(fakeBody, c.req.json());
    if ('error' in body) return c.json(body, 400);
    if (!sessions.setFakeMode(c.var.lab.manifest.id, c.req.param('name'), fakeModeOf(body.mode, body.delayMs))) {
      return c.json({ error: 'No such fake dependency is running: press Run first.' }, 409);
    }
    return c.json({ ok: true });
  });

  api.post('/labs/:lab/service/request', async (c) => {
    const body = await parse(requestBody, c.req.json());
    if ('error' in body) return c.json(body, 400);
    const outcome = sessions.request(c.var.lab.manifest.id, body.method, body.path, body.timeoutMs, body.json, body.instance);
    const notRunning: HttpOutcome = body.instance === 'A' ? serviceNotRunning() : { kind: 'error', code: 'NOT_RUNNING', message: 'Instance B is not running: start it first.', durationMs: 0 };
    return c.json(outcome ? await outcome : notRunning);
  });

  // Polled by the cache panel: where the shared cache lives, which instances run, the store's reads.
  api.get('/labs/:lab/cache', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ cache: sessions.cacheSnapshot(c.var.lab) ?? null });
  });

  api.post('/labs/:lab/instances/B', async (c) => {
    const result = await sessions.startSecond(c.var.lab.manifest.id);
    return result.ok ? c.json(result) : c.json(result, 422);
  });

  api.delete('/labs/:lab/instances/B', async (c) => {
    await sessions.stopSecond(c.var.lab.manifest.id);
    return c.json({ ok: true });
  });

  // Polled by the trace view: the last traces of the lab's collector stand-in, or null when none runs.
  api.get('/labs/:lab/traces', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ traces: sessions.traces(c.var.lab.manifest.id) ?? null });
  });

  api.get('/labs/:lab/events', (c) => {
    c.header('Content-Type', 'application/x-ndjson');
    c.header('Cache-Control', 'no-store');
    return stream(c, async (out) => {
      // Bounded: a page that cannot keep up loses log lines (and is told how many), never the server's memory.
      let queue: RuntimeEvent[] = [];
      let droppedLines = 0;
      let wake: (() => void) | undefined;
      const unsubscribe = sessions.subscribe(c.var.lab.manifest.id, (event) => {
        if (event.type === 'line' && queue.length >= MAX_QUEUED_EVENTS) droppedLines++;
        else queue.push(event);
        wake?.();
      });
      const ended = new Promise<void>((resolve) => {
        out.onAbort(resolve);
        shutdown.addEventListener('abort', () => resolve(), { once: true });
      });
      try {
        while (!out.aborted && !shutdown.aborted) {
          if (queue.length || droppedLines) {
            const batch = queue;
            queue = [];
            if (droppedLines) batch.unshift({ type: 'line', stream: 'stderr', text: `[${droppedLines} log lines not shown: they came faster than this page could take them]`, atMs: 0 });
            droppedLines = 0;
            // One write a batch, not one a line.
            await out.write(batch.map((event) => `${JSON.stringify(event)}\n`).join(''));
            continue;
          }
          await Promise.race([ended, new Promise<void>((resolve) => (wake = resolve))]);
        }
      } finally {
        unsubscribe();
      }
    });
  });

  api.post('/labs/:lab/checks', async (c) => {
    const body = await parse(filesBody, c.req.json());
    if ('error' in body) return c.json(body, 400);
    const lab = c.var.lab;
    const files = await submissionFrom(lab, body.files);
    if (typeof files === 'string') return c.json({ error: files }, 400);
    c.header('Content-Type', 'application/x-ndjson');
    return stream(c, async (out) => {
      const send = (item: CheckStreamItem) => out.write(`${JSON.stringify(item)}\n`);
      try {
        // Feedback while working: results as they come, no second run of a failed check (Run checks again instead).
        const report = await gradeSubmission(lab, { files }, { retryFailed: false, onResult: (result) => void send({ type: 'result', result }) });
        await send({ type: 'report', report });
      } catch (error) {
        await send({ type: 'error', message: `The checks could not run: ${(error as Error).message}` });
      }
    });
  });

  return api;
}
