/**
 * @module
 * What lab 06's checks share: the service started between its collector and its inventory, requests
 * whose spans are waited for as the collector receives them, and W3C `traceparent` values made and
 * read by the letter of the spec (https://www.w3.org/TR/trace-context/#traceparent-header).
 */
import { type CheckContext, fail } from '../../src/engine/check.ts';
import { describeOutcome } from '../../src/engine/describe.ts';
import type { FakeDependency, HttpOutcome, ServiceInstance, StartOptions, TraceCollector } from '../../src/engine/harness.ts';
import { describeSpan, type ReceivedSpan, type SpanKindName } from '../../src/engine/traces.ts';

/**
 * How long a check waits for spans. The lab runs with OTEL_BSP_SCHEDULE_DELAY=500, which the service
 * must honour (the lesson's contract); one that keeps the SDK's 5 s default meets a single wait, but not
 * a check that waits for several requests' spans in turn.
 */
export const SPAN_WAIT_MS = 7000;
const POLL_MS = 50;
/**
 * The harness's readiness probe (GET /) makes a span too. It started before start() returned; a
 * pause after start and a span's start time tell it from the check's own requests, as the service's
 * clock and the grader's are the machine's (1 ms of rounding, a few ms of slack).
 */
const AFTER_START_MS = 30;
const CLOCK_SLACK_MS = 5;

export interface Stack {
  service: ServiceInstance;
  collector: TraceCollector;
  inventory: FakeDependency;
}

/** The collector and the inventory, and the env that points the service at them. */
export async function startDependencies(context: CheckContext, env: Record<string, string> = {}): Promise<Omit<Stack, 'service'> & { options: StartOptions }> {
  const [collector, inventory] = await Promise.all([context.startCollector(), context.startFake('inventory')]);
  return { collector, inventory, options: { env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, INVENTORY_URL: inventory.url, ...env } } };
}

/** Starts the service between a fresh collector and a fresh inventory. */
export async function startStack(context: CheckContext, env: Record<string, string> = {}): Promise<Stack> {
  const { collector, inventory, options } = await startDependencies(context, env);
  context.step('starting the service');
  const service = await context.start(options);
  await context.sleep(AFTER_START_MS);
  return { service, collector, inventory };
}

export const shown = (outcome: HttpOutcome): string =>
  outcome.kind === 'response' ? `${describeOutcome(outcome)}: ${outcome.body.slice(0, 200) || '(empty body)'}` : describeOutcome(outcome);

/** Sends GET `path` and insists on `status`: tracing observes answers, never changes them. */
export async function get(service: ServiceInstance, path: string, status: number, headers: Record<string, string> = {}): Promise<HttpOutcome> {
  const outcome = await service.request(path, { headers, timeoutMs: 5000 });
  if (outcome.kind !== 'response' || outcome.status !== status) {
    const sent = Object.entries(headers).map(([name, value]) => ` with ${name}: ${JSON.stringify(value)}`).join('');
    fail(`GET ${path}${sent} to answer ${status}, as src/app.ts does: tracing observes answers, never changes them`, shown(outcome));
  }
  return outcome;
}

/** Polls the collector until `done(spans)` or the wait runs out; returns the spans either way. */
export async function waitForSpans(
  context: CheckContext,
  collector: TraceCollector,
  done: (spans: readonly ReceivedSpan[]) => boolean,
  timeoutMs = SPAN_WAIT_MS,
): Promise<readonly ReceivedSpan[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const spans = collector.spans();
    if (done(spans) || performance.now() >= deadline) return spans;
    await context.sleep(POLL_MS);
  }
}

export const ofKind = (spans: readonly ReceivedSpan[], kind: SpanKindName) => spans.filter((span) => span.kind === kind);

/** What one request left at the collector: its new server spans and client spans. */
export interface Exchange {
  outcome: HttpOutcome;
  servers: ReceivedSpan[];
  clients: ReceivedSpan[];
}

/**
 * Sends one request and waits until the collector holds a server span that started since (and a
 * client span, when the request calls the inventory). One request at a time, so the new spans are
 * this request's, whatever ids they carry.
 */
export async function exchange(
  context: CheckContext,
  { service, collector }: Stack,
  request: { path: string; status: number; headers?: Record<string, string>; callsInventory: boolean },
): Promise<Exchange> {
  const before = collector.spans().length;
  context.step(`sending GET ${request.path} and waiting for its spans`);
  const sentAt = Date.now();
  const outcome = await get(service, request.path, request.status, request.headers);
  const fresh = (spans: readonly ReceivedSpan[]) => spans.slice(before).filter((span) => span.startMs >= sentAt - CLOCK_SLACK_MS);
  const spans = fresh(
    await waitForSpans(context, collector, (all) => ofKind(fresh(all), 'SERVER').length >= 1 && (!request.callsInventory || ofKind(fresh(all), 'CLIENT').length >= 1)),
  );
  return { outcome, servers: ofKind(spans, 'SERVER'), clients: ofKind(spans, 'CLIENT') };
}

/** "no spans", or the spans a learner can compare with what was expected. */
export function listSpans(spans: readonly ReceivedSpan[]): string {
  if (!spans.length) return 'no spans';
  const shownSpans = spans.slice(0, 6).map(describeSpan).join('; ');
  return `${spans.length} span${spans.length === 1 ? '' : 's'}: ${shownSpans}${spans.length > 6 ? '; …' : ''}`;
}

/** Fails unless exactly one span of `kind` is in `spans`; returns it. */
export function theOne(spans: readonly ReceivedSpan[], kind: SpanKindName, what: string, all: readonly ReceivedSpan[] = spans): ReceivedSpan {
  const found = ofKind(spans, kind);
  if (found.length !== 1) {
    fail(`one span of kind ${kind} ${what}`, `${found.length} of kind ${kind} among ${listSpans(all)}${found.length === 0 ? ` within ${SPAN_WAIT_MS / 1000} s` : ''}`);
  }
  return found[0]!;
}

/** Random lower-case hex, as trace ids (32) and span ids (16) are written. */
export function randomHex(digits: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(digits / 2)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A caller's trace: its trace id, its span's id, and the traceparent that carries them (sampled). */
export function callerTrace(): { traceId: string; parentId: string; traceparent: string } {
  const traceId = randomHex(32);
  const parentId = randomHex(16);
  return { traceId, parentId, traceparent: `00-${traceId}-${parentId}-01` };
}

export interface Traceparent {
  version: string;
  traceId: string;
  parentId: string;
  flags: string;
}

/** Reads a traceparent as version 00 defines it, or undefined when it is not one. */
export function parseTraceparent(value: string | undefined): Traceparent | undefined {
  const match = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(value ?? '');
  if (!match || match[1] !== '00' || /^0+$/.test(match[2]!) || /^0+$/.test(match[3]!)) return undefined;
  return { version: match[1]!, traceId: match[2]!, parentId: match[3]!, flags: match[4]! };
}

/** A trace id a tracer made: 32 lower-case hex digits, not all zero. */
export const isValidTraceId = (id: string): boolean => /^[0-9a-f]{32}$/.test(id) && !/^0+$/.test(id);
