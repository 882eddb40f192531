/**
 * @module
 * Spans as a trace collector stand-in received them, decoded from OTLP into plain values a check (or
 * a trace view) reads without knowing the wire format: ids in lower-case hex, times in ms, kinds and
 * status codes by their names.
 */

/** OTLP's `Span.SpanKind`, by name. */
export type SpanKindName = 'UNSPECIFIED' | 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
export const SPAN_KIND_NAMES: readonly SpanKindName[] = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

/** OTLP's `Status.StatusCode`, by name. */
export type StatusCodeName = 'UNSET' | 'OK' | 'ERROR';
export const STATUS_CODE_NAMES: readonly StatusCodeName[] = ['UNSET', 'OK', 'ERROR'];

/** An attribute's value: OTLP's `AnyValue`. Integers arrive as numbers, bytes as hex. */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };

export type Attributes = Record<string, AttributeValue>;

export interface SpanEvent {
  name: string;
  /** Unix epoch ms */
  timeMs: number;
  attributes: Attributes;
}

export interface ReceivedSpan {
  /** 32 lower-case hex digits */
  traceId: string;
  /** 16 lower-case hex digits */
  spanId: string;
  /** 16 lower-case hex digits, or '' for a root span */
  parentSpanId: string;
  name: string;
  kind: SpanKindName;
  /** Unix epoch ms, with sub-ms digits */
  startMs: number;
  endMs: number;
  /** end − start, computed in nanoseconds */
  durationMs: number;
  attributes: Attributes;
  status: { code: StatusCodeName; message: string };
  events: SpanEvent[];
  /** The attributes of the resource that sent the span: `service.name` among them. */
  resource: Attributes;
  /** The instrumentation scope (the tracer's name and version). */
  scope: { name: string; version: string };
  /** Which export request (0, 1, …) carried the span. */
  exportIndex: number;
}

/** One request that reached the collector, decodable or not. */
export interface ReceivedExport {
  method: string;
  path: string;
  contentType: string;
  /** How the body was read: the OTLP encodings, or not at all (wrong path, method or media type). */
  encoding: 'protobuf' | 'json' | 'none';
  /** The status the collector answered: 200, or what a real collector answers to this request. */
  status: number;
  spanCount: number;
  /** Why the body was refused, when it was. */
  error?: string;
  /** ms since the collector started listening */
  atMs: number;
}

/** A root span has no parent. */
export const isRoot = (span: ReceivedSpan): boolean => span.parentSpanId === '';

/** `abc…` for an id in a message: enough digits to tell ids apart. */
export const shortId = (id: string): string => (id ? `${id.slice(0, 8)}…` : '(none)');

/** One line a learner can read: name, kind, ids and status. */
export function describeSpan(span: ReceivedSpan): string {
  const parent = isRoot(span) ? 'root' : `parent ${shortId(span.parentSpanId)}`;
  const status = span.status.code === 'UNSET' ? '' : `, status ${span.status.code}`;
  return `"${span.name}" (${span.kind}, trace ${shortId(span.traceId)}, span ${shortId(span.spanId)}, ${parent}${status})`;
}

/** A resource attribute marking spans of the workspace's traced stand-ins (lab 06's inventory), not the learner's service. */
export const STAND_IN_ATTRIBUTE = 'operable.stand_in';

/** How many traces a workspace keeps for its trace view: the last ones, enough to compare a few requests. */
export const WORKSPACE_TRACES_KEPT = 20;

/** The last traces a workspace's collector received, for the trace view: `revision` changes with every arrival. */
export interface TraceSnapshot {
  revision: number;
  /** The spans of the last traces, oldest trace first, each trace's spans in the order they arrived. */
  spans: ReceivedSpan[];
}
