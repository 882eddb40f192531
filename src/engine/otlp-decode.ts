/**
 * @module
 * Decodes an OTLP/HTTP trace export — `ExportTraceServiceRequest`, in protobuf or in OTLP/JSON — into
 * plain spans (traces.ts).
 *
 * Why protobufjs and a schema here: OpenTelemetry JS ships no decoder for export requests any more
 * (since 0.220 its `otlp-transformer` only encodes them, with a writer of its own, and dropped
 * protobufjs); its collectors are in Go. protobufjs is the maintained protobuf runtime that
 * OpenTelemetry JS itself generated its OTLP code with, and it reads `.proto` text as it is, so the
 * schema below is the trace part of opentelemetry-proto v1 (field names and numbers as published),
 * trimmed to what a check reads: unknown fields are skipped, as protobuf requires. The round-trip
 * test (tests/unit/otlp-collector.test.ts) decodes what OpenTelemetry's own exporters send, in both
 * encodings, so a field number wrong here fails it.
 *
 * OTLP/JSON is proto3's JSON mapping with two differences the spec sets: trace and span ids are hex,
 * not base64, and enums are integers. The JSON is turned into the same message type (ids parsed from
 * hex first), so both encodings end in one normalisation.
 */
import protobuf from 'protobufjs';
import {
  type Attributes,
  type AttributeValue,
  type ReceivedSpan,
  SPAN_KIND_NAMES,
  type SpanEvent,
  STATUS_CODE_NAMES,
} from './traces.ts';

const OTLP_TRACE_PROTO = `
syntax = "proto3";
package opentelemetry.proto;

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; }
message Resource { repeated KeyValue attributes = 1; }

message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  fixed32 flags = 16;
  string name = 5;
  enum SpanKind {
    SPAN_KIND_UNSPECIFIED = 0; SPAN_KIND_INTERNAL = 1; SPAN_KIND_SERVER = 2;
    SPAN_KIND_CLIENT = 3; SPAN_KIND_PRODUCER = 4; SPAN_KIND_CONSUMER = 5;
  }
  SpanKind kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; }
  repeated Event events = 11;
  message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; }
  repeated Link links = 13;
  Status status = 15;
}
message Status {
  string message = 2;
  enum StatusCode { STATUS_CODE_UNSET = 0; STATUS_CODE_OK = 1; STATUS_CODE_ERROR = 2; }
  StatusCode code = 3;
}
`;

const exportRequest = protobuf.parse(OTLP_TRACE_PROTO).root.lookupType('opentelemetry.proto.ExportTraceServiceRequest');

/** Plain-object view of the decoded message (what `toObject` gives with the options below). */
interface KeyValueObject {
  key?: string;
  value?: AnyValueObject;
}
interface AnyValueObject {
  value?: string;
  stringValue?: string;
  boolValue?: boolean;
  intValue?: bigint;
  doubleValue?: number;
  arrayValue?: { values?: AnyValueObject[] };
  kvlistValue?: { values?: KeyValueObject[] };
  bytesValue?: Uint8Array;
}
interface SpanObject {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  parentSpanId?: Uint8Array;
  name?: string;
  kind?: number;
  startTimeUnixNano?: bigint;
  endTimeUnixNano?: bigint;
  attributes?: KeyValueObject[];
  events?: Array<{ timeUnixNano?: bigint; name?: string; attributes?: KeyValueObject[] }>;
  status?: { message?: string; code?: number };
}
interface RequestObject {
  resourceSpans?: Array<{
    resource?: { attributes?: KeyValueObject[] };
    scopeSpans?: Array<{ scope?: { name?: string; version?: string }; spans?: SpanObject[] }>;
  }>;
}

const TO_OBJECT: protobuf.IConversionOptions = { longs: BigInt, oneofs: true };

/** Decodes a protobuf-encoded export request; throws when the bytes are not one. */
export function decodeProtobufExport(body: Uint8Array, exportIndex = 0): ReceivedSpan[] {
  const message = exportRequest.decode(body);
  return spansOf(exportRequest.toObject(message, TO_OBJECT) as RequestObject, exportIndex);
}

/** Decodes an OTLP/JSON export request; throws when the text is not one. */
export function decodeJsonExport(text: string, exportIndex = 0): ReceivedSpan[] {
  const json: unknown = JSON.parse(text);
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new TypeError('the body is not a JSON object');
  const request = json as { resourceSpans?: unknown };
  if (request.resourceSpans !== undefined && !Array.isArray(request.resourceSpans)) throw new TypeError('resourceSpans is not an array');
  for (const resourceSpans of (request.resourceSpans ?? []) as Array<{ scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }> }>) {
    for (const scopeSpans of resourceSpans?.scopeSpans ?? []) {
      for (const span of scopeSpans?.spans ?? []) {
        idsFromHex(span, 'span');
        for (const link of (span.links ?? []) as Array<Record<string, unknown>>) idsFromHex(link, 'link');
      }
    }
  }
  const message = exportRequest.fromObject(request);
  return spansOf(exportRequest.toObject(message, TO_OBJECT) as RequestObject, exportIndex);
}

/** OTLP/JSON ids are hex strings; the message type wants their bytes. */
function idsFromHex(holder: Record<string, unknown>, what: string): void {
  for (const [field, length] of [['traceId', 16], ['spanId', 8], ['parentSpanId', 8]] as const) {
    const value = holder[field];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string' || !/^[0-9a-fA-F]*$/.test(value) || value.length !== length * 2) {
      throw new TypeError(`a ${what}'s ${field} must be ${length * 2} hex digits in OTLP/JSON, not ${JSON.stringify(value)}`);
    }
    holder[field] = Uint8Array.from(value.match(/../g)!, (pair) => parseInt(pair, 16));
  }
}

function spansOf(request: RequestObject, exportIndex: number): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of request.resourceSpans ?? []) {
    const resource = attributesOf(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      const scope = { name: scopeSpans.scope?.name ?? '', version: scopeSpans.scope?.version ?? '' };
      for (const span of scopeSpans.spans ?? []) spans.push(spanOf(span, { resource, scope, exportIndex }));
    }
  }
  return spans;
}

function spanOf(span: SpanObject, shared: Pick<ReceivedSpan, 'resource' | 'scope' | 'exportIndex'>): ReceivedSpan {
  const start = span.startTimeUnixNano ?? 0n;
  const end = span.endTimeUnixNano ?? 0n;
  return {
    traceId: hex(span.traceId),
    spanId: hex(span.spanId),
    parentSpanId: hex(span.parentSpanId),
    name: span.name ?? '',
    kind: SPAN_KIND_NAMES[span.kind ?? 0] ?? 'UNSPECIFIED',
    startMs: nanosToMs(start),
    endMs: nanosToMs(end),
    durationMs: nanosToMs(end - start),
    attributes: attributesOf(span.attributes),
    status: { code: STATUS_CODE_NAMES[span.status?.code ?? 0] ?? 'UNSET', message: span.status?.message ?? '' },
    events: (span.events ?? []).map(
      (event): SpanEvent => ({ name: event.name ?? '', timeMs: nanosToMs(event.timeUnixNano ?? 0n), attributes: attributesOf(event.attributes) }),
    ),
    ...shared,
  };
}

const nanosToMs = (nanos: bigint): number => Number(nanos / 1000n) / 1000;

function hex(bytes: Uint8Array | undefined): string {
  return bytes ? Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('') : '';
}

function attributesOf(list: KeyValueObject[] | undefined): Attributes {
  const attributes: Attributes = {};
  for (const { key, value } of list ?? []) if (key !== undefined) attributes[key] = valueOf(value);
  return attributes;
}

function valueOf(value: AnyValueObject | undefined): AttributeValue {
  switch (value?.value) {
    case 'stringValue':
      return value.stringValue ?? '';
    case 'boolValue':
      return value.boolValue ?? false;
    case 'intValue':
      return Number(value.intValue ?? 0n);
    case 'doubleValue':
      return value.doubleValue ?? 0;
    case 'arrayValue':
      return (value.arrayValue?.values ?? []).map(valueOf);
    case 'kvlistValue':
      return attributesOf(value.kvlistValue?.values);
    case 'bytesValue':
      return hex(value.bytesValue);
    default:
      return null;
  }
}
