/**
 * @module
 * Spans as the collector received them, assembled into traces for the waterfall: each trace's spans
 * as a tree under their parents, in start order. A span whose parent never arrived is a root of its
 * own, marked, and so is a stand-in's span that started a trace because no `traceparent` came with
 * the call: both are how a lost context looks from outside.
 */
import { type AttributeValue, type ReceivedSpan, STAND_IN_ATTRIBUTE } from '../../engine/traces.ts';

/**
 * Why a span is a root when it should not be: `parent-missing` has a parent id the collector never
 * received a span for; `parent-pending` too, but it ended so recently that its parent may still be in
 * the service's batch; `no-traceparent` is a stand-in's span of a call that carried no context.
 */
export type RootNote = 'parent-missing' | 'parent-pending' | 'no-traceparent';

/**
 * How long a missing parent may still be on its way: a batch span processor exports every 5 s by
 * default (lab 06 sets 500 ms), and a parent span ends after its children.
 */
export const PARENT_GRACE_MS = 6000;

export interface SpanNode {
  span: ReceivedSpan;
  children: SpanNode[];
  /** Set on a root only. */
  note?: RootNote;
  /** For a `no-traceparent` root: the client span that most likely made the call (in another trace), when one fits. */
  likelyCaller?: ReceivedSpan;
}

export interface AssembledTrace {
  traceId: string;
  /** Epoch ms of its earliest span's start, and its latest span's end: the trace's time axis. */
  startMs: number;
  endMs: number;
  /** Spans without a parent in the trace, in start order; more than one means a context was lost. */
  roots: SpanNode[];
  spanCount: number;
  errorCount: number;
}

export interface SpanRow {
  node: SpanNode;
  /** 0 for a root. */
  depth: number;
}

const byStart = (a: SpanNode, b: SpanNode) => a.span.startMs - b.span.startMs;

/** One trace's spans as a tree; every span appears once, even with duplicate ids or a cycle of parents. */
function assembleOne(traceId: string, spans: readonly ReceivedSpan[], nowMs: number): AssembledTrace {
  const nodes = spans.map((span): SpanNode => ({ span, children: [] }));
  const byId = new Map<string, SpanNode>();
  for (const node of nodes) if (!byId.has(node.span.spanId)) byId.set(node.span.spanId, node);
  const roots: SpanNode[] = [];
  for (const node of nodes) {
    const parent = node.span.parentSpanId ? byId.get(node.span.parentSpanId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  // Spans on a cycle of parent ids hang from no root: the first of each cycle becomes one.
  const reached = new Set<SpanNode>();
  const reach = (node: SpanNode) => {
    if (reached.has(node)) return;
    reached.add(node);
    node.children.forEach(reach);
  };
  roots.forEach(reach);
  for (const node of nodes) {
    if (reached.has(node)) continue;
    const parent = byId.get(node.span.parentSpanId);
    if (parent) parent.children.splice(parent.children.indexOf(node), 1);
    roots.push(node);
    reach(node);
  }
  for (const root of roots) {
    if (root.span.parentSpanId) root.note = nowMs - root.span.endMs < PARENT_GRACE_MS ? 'parent-pending' : 'parent-missing';
    else if (root.span.resource[STAND_IN_ATTRIBUTE] === true) root.note = 'no-traceparent';
  }
  for (const node of nodes) node.children.sort(byStart);
  roots.sort(byStart);
  return {
    traceId,
    startMs: Math.min(...spans.map((span) => span.startMs)),
    endMs: Math.max(...spans.map((span) => span.endMs)),
    roots,
    spanCount: spans.length,
    errorCount: spans.filter((span) => span.status.code === 'ERROR').length,
  };
}

/** Clocks of the service and of the stand-in are the same machine's, read by two processes: a little slack. */
const CLOCK_SLACK_MS = 5;

const pathOf = (url: AttributeValue | undefined): string | undefined => {
  try {
    return typeof url === 'string' ? new URL(url).pathname : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The client span whose call a stand-in answered without context: one that was open the whole time
 * the stand-in answered, for the same path. Only a likelihood (two concurrent calls fit equally), so
 * it is named as such, and only when exactly one fits.
 */
function likelyCaller(root: ReceivedSpan, spans: readonly ReceivedSpan[]): ReceivedSpan | undefined {
  const fits = spans.filter(
    (span) =>
      span.kind === 'CLIENT' &&
      span.traceId !== root.traceId &&
      span.startMs - CLOCK_SLACK_MS <= root.startMs &&
      root.endMs <= span.endMs + CLOCK_SLACK_MS &&
      pathOf(span.attributes['url.full']) === root.attributes['url.path'],
  );
  return fits.length === 1 ? fits[0] : undefined;
}

/** The spans' traces, the most recently started first; `nowMs` (epoch ms) tells a late parent from a lost one. */
export function assembleTraces(spans: readonly ReceivedSpan[], nowMs = Date.now()): AssembledTrace[] {
  const byTrace = new Map<string, ReceivedSpan[]>();
  for (const span of spans) {
    const trace = byTrace.get(span.traceId);
    if (trace) trace.push(span);
    else byTrace.set(span.traceId, [span]);
  }
  const traces = [...byTrace].map(([traceId, traceSpans]) => assembleOne(traceId, traceSpans, nowMs));
  for (const root of traces.flatMap((trace) => trace.roots)) {
    if (root.note === 'no-traceparent') root.likelyCaller = likelyCaller(root.span, spans);
  }
  return traces.sort((a, b) => b.startMs - a.startMs);
}

/** A trace's spans depth first, parents before their children: the waterfall's rows. */
export function spanRows(trace: AssembledTrace): SpanRow[] {
  const rows: SpanRow[] = [];
  const visit = (node: SpanNode, depth: number) => {
    rows.push({ node, depth });
    for (const child of node.children) visit(child, depth + 1);
  };
  for (const root of trace.roots) visit(root, 0);
  return rows;
}

/** What a root's note says, in the waterfall and to a screen reader. */
export function describeNote(node: Pick<SpanNode, 'note' | 'likelyCaller'> & { note: RootNote }): string {
  switch (node.note) {
    case 'parent-missing':
      return 'parent not received: was the context propagated?';
    case 'parent-pending':
      return 'its parent has not arrived yet (spans come in batches)';
    case 'no-traceparent': {
      const caller = node.likelyCaller;
      const from = caller ? ` (most likely the client span "${caller.name}" of ${String(caller.resource['service.name'] ?? 'the service')}, trace ${caller.traceId.slice(0, 8)}…)` : '';
      return `started a trace of its own: no traceparent came with the call${from}. Was the context propagated?`;
    }
  }
}

/** "12.3 ms", "850 µs", "1.25 s": a duration as a waterfall labels it. */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}
