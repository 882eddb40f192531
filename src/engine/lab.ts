/**
 * @module
 * A lab: its manifest (validated by a zod schema, which documents every field) and its checks.
 */
import { z } from 'zod';
import type { CheckDefinition } from './check.ts';
import { FAKE_KINDS } from './harness.ts';

export const workspaceRequestSchema = z
  .object({
    label: z.string().describe('Button text, e.g. "GET /slow?ms=2000"'),
    method: z.enum(['GET', 'POST', 'PUT', 'DELETE']).default('GET'),
    path: z.string().startsWith('/'),
    description: z.string().describe('What the request shows the learner'),
    poll: z.boolean().default(false).describe('Polled every second while the service runs, as a kubelet polls a probe'),
    timeoutSeconds: z
      .number()
      .positive()
      .max(30)
      .default(1)
      .describe("For a polled request: how long a probe waits for an answer before it counts as a failure, as a kubelet's timeoutSeconds"),
  })
  .describe('A request the workspace offers as one click');

export const workspaceFakeSchema = z
  .object({
    name: z.string().regex(/^[a-z-]+$/).describe('Name of the fake dependency, e.g. database'),
    env: z.string().regex(/^[A-Z][A-Z0-9_]*$/).describe('Variable that gives the service its URL, e.g. DB_URL'),
    label: z.string().describe('How the workspace names it, e.g. Database'),
    kind: z.enum(FAKE_KINDS).default('ping').describe('What it answers: a ping to any request, or a record store (lab 08\'s products)'),
  })
  .describe('A fake dependency the workspace runs beside the service, with switches for its faults');

/** Upper bounds of the traffic generator: the learner's service runs beside the workspace, on their machine or tab. */
export const MAX_TRAFFIC_RPS = 50;
export const MAX_TRAFFIC_SECONDS = 120;

export const workspaceTrafficSchema = z
  .object({
    paths: z
      .array(
        z.object({
          path: z.string().startsWith('/').describe('May hold `{id}`, replaced for each request by a whole number from `ids`'),
          weight: z.number().positive().default(1),
          ids: z
            .object({ from: z.number().int().min(0), to: z.number().int().min(0) })
            .refine((range) => range.from <= range.to, 'from must not exceed to')
            .optional()
            .describe('The range `{id}` is drawn from, so one route template is reached under many raw paths (/users/1 … /users/100)'),
        }),
      )
      .min(1)
      .describe('Ordinary GET requests, picked in proportion to their weight'),
    errorPath: z.string().startsWith('/').describe('A GET the service answers with a 5xx, e.g. /boom'),
    slowPath: z.string().startsWith('/').describe('A GET the service answers slowly, e.g. /slow?ms=300'),
    rps: z.number().positive().max(MAX_TRAFFIC_RPS).default(10).describe('Requests per second the generator starts with'),
    errorRatio: z.number().min(0).max(1).default(0.05).describe('Share of requests sent to errorPath at first'),
    slowRatio: z.number().min(0).max(1).default(0.05).describe('Share of requests sent to slowPath at first'),
    metrics: z
      .object({
        path: z.string().startsWith('/').default('/metrics'),
        requests: z.string().default('http_requests_total').describe('Counter of answered requests, with a status label'),
        duration: z.string().default('http_request_duration_seconds').describe('Histogram of request durations in seconds'),
        inFlight: z.string().default('http_requests_in_flight').describe('Gauge of requests being answered'),
        statusLabel: z.string().default('status'),
        routeLabel: z.string().default('route').describe('The label the per-route view groups by (a route template, or a raw path by mistake)'),
      })
      .prefault({})
      .describe('Where the RED panel scrapes, and the metric names it reads'),
  })
  .describe('A traffic generator and a RED panel, for a service that exposes Prometheus metrics');

export const workspaceQueueSchema = z
  .object({
    listPath: z
      .string()
      .startsWith('/')
      .default('/jobs')
      .describe('Polled every second with GET: answers `{ jobs: [{ status, attempts }] }`, every job the service knows'),
    submitPath: z.string().startsWith('/').default('/jobs').describe('Where the batch control POSTs each job, with its JSON payload'),
    batch: z
      .array(
        z.object({
          kind: z.string().regex(/^[a-z-]+$/).describe('How the panel names these jobs, e.g. flaky'),
          description: z.string().describe('What such a job does, in a few words'),
          payload: z.record(z.string(), z.unknown()).describe('The JSON body of its POST'),
          count: z.number().int().min(0).max(200).describe('How many of them the batch sends at first'),
        }),
      )
      .min(1)
      .describe('The jobs the "Send jobs" control submits, interleaved; the learner can change each count'),
  })
  .describe('A queue panel: depth, running, succeeded, failed and retries over time, and a control that submits a batch of jobs');

export const workspaceCacheSchema = z
  .object({
    header: z.string().default('X-Cache').describe('The answer header that says which tier answered: HIT-L1, HIT-L2 or MISS'),
    readPath: z.string().startsWith('/').includes('{id}').describe('The read the panel sends, `{id}` replaced by a whole number from `ids`'),
    writePath: z.string().startsWith('/').includes('{id}').describe('The write the panel sends (PUT, an empty JSON object): a new version of the record'),
    ids: z
      .object({ from: z.number().int().min(0), to: z.number().int().min(0) })
      .refine((range) => range.from <= range.to, 'from must not exceed to')
      .describe('The records the read generator spreads its reads over'),
    store: z.string().regex(/^[a-z-]+$/).describe('The fake (a record store) whose reads the panel counts'),
    redisEnv: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/)
      .default('REDIS_URL')
      .describe('Where a runtime that can run a real Redis hands its URL to the service; left unset elsewhere (the service then uses its in-memory stand-in)'),
  })
  .describe('A cache panel: hits per tier and misses per second, the store\'s reads, and a second instance on one real Redis where the runtime can run one');

export type WorkspaceRequest = z.infer<typeof workspaceRequestSchema>;
export type WorkspaceQueue = z.infer<typeof workspaceQueueSchema>;
export type WorkspaceCache = z.infer<typeof workspaceCacheSchema>;
export type WorkspaceTraffic = z.infer<typeof workspaceTrafficSchema>;
export type WorkspaceFake = z.infer<typeof workspaceFakeSchema>;

export const labManifestSchema = z
  .object({
    id: z
      .string()
      .regex(/^\d\d-[a-z0-9-]+$/)
      .describe('Stable id, NN-slug; also the folder name under labs/, exercises/ and solutions/'),
    title: z.string().min(1),
    lesson: z.string().describe('Slug of the lesson that teaches this lab'),
    summary: z.string().describe('One sentence: what the learner builds'),
    entry: z.literal('src/server.ts').describe('Started as `node src/server.ts`, never through npm'),
    editableFiles: z
      .array(z.string().regex(/^[\w./-]+$/))
      .min(1)
      .describe('Files the learner edits and submits; every other file comes from the starter'),
    env: z.record(z.string(), z.string()).default({}).describe('Environment defaults for every run'),
    readinessPath: z.string().startsWith('/').default('/').describe('Polled until the service answers'),
    portEnv: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/)
      .default('PORT')
      .describe('The environment variable that tells the service its port (lab 01 uses APP_SERVER__PORT)'),
    workspace: z
      .object({
        signals: z.array(z.enum(['SIGTERM', 'SIGINT'])).describe('Signal buttons the workspace shows'),
        requests: z.array(workspaceRequestSchema),
        fakes: z.array(workspaceFakeSchema).default([]),
        traffic: workspaceTrafficSchema.optional(),
        queue: workspaceQueueSchema.optional(),
        cache: workspaceCacheSchema.optional(),
        traces: z
          .boolean()
          .default(false)
          .describe(
            'Run an OTLP/HTTP collector stand-in beside the service (its URL in OTEL_EXPORTER_OTLP_ENDPOINT), make the fakes traced stand-ins, and show the last traces as a waterfall',
          ),
        envEditor: z.boolean().default(false).describe('Show an editor for the environment the service starts with'),
        appEnvs: z.array(z.string()).default([]).describe('Values offered for APP_ENV, e.g. development, test, production'),
        scratchFiles: z
          .array(z.object({ path: z.string().regex(/^[\w./-]+$/), content: z.string(), description: z.string() }))
          .default([])
          .describe('Files the learner edits to run the service by hand (.env, config/production.json); never graded'),
      })
      .describe('What the browser workspace offers for exploring the service by hand'),
  })
  .strict();

export type LabManifest = z.infer<typeof labManifestSchema>;

export const mistakeSchema = z
  .object({
    description: z.string().describe('The mistake, as a learner would make it'),
    fails: z.string().describe('Id of the check that must catch it'),
  })
  .strict()
  .describe('A known-wrong variant of a lab: editable files plus the check meant to catch it');

export type Mistake = z.infer<typeof mistakeSchema>;

export interface Lab {
  manifest: LabManifest;
  checks: readonly CheckDefinition[];
}

/** Validates a lab's parts together; a broken lab is a bug in Operable, so it throws at load. */
export function defineLab(manifest: unknown, checks: readonly CheckDefinition[]): Lab {
  const parsed = labManifestSchema.parse(manifest);
  const ids = new Set<string>();
  for (const check of checks) {
    if (ids.has(check.id)) throw new Error(`Lab ${parsed.id} defines check ${check.id} twice`);
    ids.add(check.id);
  }
  return { manifest: parsed, checks };
}
