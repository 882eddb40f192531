/**
 * @module
 * The last traces a workspace's collector received, bounded: a service under the traffic generator
 * sends a trace per request for an hour, and the trace view shows only the latest few.
 */
import { type ReceivedSpan, type TraceSnapshot, WORKSPACE_TRACES_KEPT } from '../engine/traces.ts';

export interface TraceBufferLimits {
  /** Traces kept: the ones that received a span last. */
  traces: number;
  /** Spans kept per trace; a trace with more (a loop that makes spans) keeps its first ones. */
  spansPerTrace: number;
}

export const DEFAULT_TRACE_LIMITS: TraceBufferLimits = { traces: WORKSPACE_TRACES_KEPT, spansPerTrace: 50 };

export class TraceBuffer {
  /** By trace id, in the order the traces last received a span (a Map keeps insertion order). */
  private readonly traces = new Map<string, ReceivedSpan[]>();
  private revision = 0;
  private readonly limits: TraceBufferLimits;

  constructor(limits: TraceBufferLimits = DEFAULT_TRACE_LIMITS) {
    this.limits = limits;
  }

  add(spans: readonly ReceivedSpan[]): void {
    for (const span of spans) {
      const trace = this.traces.get(span.traceId) ?? [];
      // Moved to the end: a trace still receiving spans (its caller's arrive after its callee's) is recent.
      this.traces.delete(span.traceId);
      this.traces.set(span.traceId, trace);
      if (trace.length < this.limits.spansPerTrace) trace.push(span);
    }
    for (const traceId of this.traces.keys()) {
      if (this.traces.size <= this.limits.traces) break;
      this.traces.delete(traceId);
    }
    if (spans.length) this.revision++;
  }

  snapshot(): TraceSnapshot {
    return { revision: this.revision, spans: [...this.traces.values()].flat() };
  }
}
