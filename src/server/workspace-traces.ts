/**
 * @module
 * Tracing for a workspace run of a lab that declares `workspace.traces`: the same OTLP/HTTP collector
 * stand-in the checks use, whose spans go into a bounded buffer the trace view polls, and traced
 * stand-ins for the lab's fake dependencies. A real downstream service would continue the caller's
 * trace from the `traceparent` it receives, or start a trace of its own without one; each stand-in
 * does the same with a server span of its own, so a call that lost its context shows in the
 * waterfall as a second root rather than not at all.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseTraceParent } from '@opentelemetry/core';
import type { RequestObserver } from '../engine/node/fake-dependency.ts';
import { OtlpCollector } from '../engine/node/otlp-collector.ts';
import { type ReceivedSpan, STAND_IN_ATTRIBUTE, type TraceSnapshot } from '../engine/traces.ts';
import { TraceBuffer } from './trace-buffer.ts';

/** The variable OpenTelemetry's SDKs read for the collector's base URL (they append /v1/traces). */
export const OTLP_ENDPOINT_ENV = 'OTEL_EXPORTER_OTLP_ENDPOINT';

export class WorkspaceTraces {
  private readonly buffer = new TraceBuffer();
  private collector: OtlpCollector | undefined;

  /** Starts the collector; returns the URL to give the service in OTEL_EXPORTER_OTLP_ENDPOINT. */
  async start(): Promise<string> {
    // The buffer keeps what the view needs; the collector itself keeps no spans.
    this.collector = await new OtlpCollector({ keptSpans: 0, onSpans: (spans) => this.buffer.add(spans) }).listen();
    return this.collector.url;
  }

  /** What the stand-in `service` (e.g. inventory) does with every call: a server span once it answered. */
  standIn(service: string): RequestObserver {
    return (req, res) => {
      const startMs = nowMs();
      res.once('finish', () => this.buffer.add([standInSpan(service, req, res, startMs, nowMs())]));
    };
  }

  snapshot(): TraceSnapshot {
    return this.buffer.snapshot();
  }

  async dispose(): Promise<void> {
    await this.collector?.dispose();
    this.collector = undefined;
  }
}

const randomId = (bytes: number) => randomBytes(bytes).toString('hex');
/** Epoch ms with sub-ms digits, as the decoded spans carry them: a stand-in answers in well under 1 ms. */
const nowMs = () => performance.timeOrigin + performance.now();

function standInSpan(service: string, req: IncomingMessage, res: ServerResponse, startMs: number, endMs: number): ReceivedSpan {
  const header = req.headers.traceparent;
  // A malformed traceparent is ignored, as the spec asks: a new trace, as without one.
  const parent = typeof header === 'string' ? parseTraceParent(header) : null;
  const method = req.method ?? 'GET';
  const status = res.statusCode;
  return {
    traceId: parent?.traceId ?? randomId(16),
    spanId: randomId(8),
    parentSpanId: parent?.spanId ?? '',
    // No route template is known here: semantic conventions name such a span for its method alone.
    name: method,
    kind: 'SERVER',
    startMs,
    endMs,
    durationMs: endMs - startMs,
    attributes: {
      'http.request.method': method,
      'url.path': (req.url ?? '/').split('?')[0]!,
      'http.response.status_code': status,
      ...(status >= 500 ? { 'error.type': String(status) } : {}),
    },
    status: { code: status >= 500 ? 'ERROR' : 'UNSET', message: '' },
    events: [],
    resource: { 'service.name': service, [STAND_IN_ATTRIBUTE]: true },
    scope: { name: 'operable-workspace', version: '' },
    exportIndex: 0,
  };
}
