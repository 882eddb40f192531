/**
 * @module
 * An OTLP/HTTP trace collector stand-in on loopback, answering as an OpenTelemetry Collector's OTLP
 * receiver does: `POST /v1/traces` with `application/x-protobuf` or `application/json` (gzip or not)
 * gets 200 and an empty `ExportTraceServiceResponse` in the same encoding; a body it cannot decode
 * gets 400, another media type 415, another path 404. It is a fake dependency, so a check can switch
 * it down, slow or hanging like any other, and it keeps every request and every span it decoded.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { FakeMode, ReceivedRequest, TraceCollector } from '../harness.ts';
import { decodeJsonExport, decodeProtobufExport } from '../otlp-decode.ts';
import type { ReceivedExport, ReceivedSpan } from '../traces.ts';
import { FakeHttpDependency } from './fake-dependency.ts';

export const TRACES_PATH = '/v1/traces';
/** A real collector's default limit is larger; an export of a lab service is a few KiB. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Spans `spans()` keeps unless told otherwise: bounded, as a collector may run for an hour under traffic. */
const KEPT_SPANS = 20_000;

export interface OtlpCollectorOptions {
  /** How many decoded spans `spans()` keeps (the oldest go first); 0 when `onSpans` keeps them instead. */
  keptSpans?: number;
  /** Called with the spans of every export it accepted, as they arrive (the workspace's trace view). */
  onSpans?: (spans: readonly ReceivedSpan[]) => void;
}

export class OtlpCollector implements TraceCollector {
  private readonly fake: FakeHttpDependency;
  private receivedSpans: ReceivedSpan[] = [];
  private receivedExports: ReceivedExport[] = [];
  private readonly keptSpans: number;
  private readonly onSpans: OtlpCollectorOptions['onSpans'];

  constructor({ keptSpans = KEPT_SPANS, onSpans }: OtlpCollectorOptions = {}) {
    this.keptSpans = keptSpans;
    this.onSpans = onSpans;
    this.fake = new FakeHttpDependency('collector', (req, res) => this.receive(req, res));
  }

  async listen(): Promise<this> {
    await this.fake.listen();
    return this;
  }

  get url(): string {
    return this.fake.url;
  }

  setMode(mode: FakeMode): void {
    this.fake.setMode(mode);
  }

  calls(): number {
    return this.fake.calls();
  }

  received(): readonly ReceivedRequest[] {
    return this.fake.received();
  }

  resetCalls(): void {
    this.fake.resetCalls();
    this.receivedSpans = [];
    this.receivedExports = [];
  }

  spans(): readonly ReceivedSpan[] {
    return [...this.receivedSpans];
  }

  exports(): readonly ReceivedExport[] {
    return [...this.receivedExports];
  }

  dispose(): Promise<void> {
    return this.fake.dispose();
  }

  private receive(req: IncomingMessage, res: ServerResponse): void {
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const record = (entry: Omit<ReceivedExport, 'method' | 'path' | 'contentType' | 'atMs'>) => {
      this.receivedExports.push({ method: req.method ?? '', path: req.url ?? '', contentType, atMs: this.fake.elapsedMs(), ...entry });
      res.writeHead(entry.status, { 'Content-Type': entry.encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json' });
      // An empty ExportTraceServiceResponse: no bytes in protobuf, `{}` in JSON.
      res.end(entry.status === 200 && entry.encoding === 'protobuf' ? '' : JSON.stringify(entry.error ? { message: entry.error } : {}));
    };
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== TRACES_PATH) {
      req.resume();
      record({ encoding: 'none', status: 404, spanCount: 0, error: `only POST ${TRACES_PATH} takes traces` });
      return;
    }
    const encoding = contentType === 'application/x-protobuf' ? 'protobuf' : contentType === 'application/json' ? 'json' : undefined;
    if (!encoding) {
      req.resume();
      record({ encoding: 'none', status: 415, spanCount: 0, error: `unsupported media type ${JSON.stringify(contentType)}` });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        record({ encoding, status: 413, spanCount: 0, error: `body over ${MAX_BODY_BYTES} bytes` });
        return;
      }
      const exportIndex = this.receivedExports.length;
      try {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        const spans = encoding === 'protobuf' ? decodeProtobufExport(body, exportIndex) : decodeJsonExport(body.toString('utf8'), exportIndex);
        this.receivedSpans.push(...spans);
        if (this.receivedSpans.length > this.keptSpans) this.receivedSpans.splice(0, this.receivedSpans.length - this.keptSpans);
        record({ encoding, status: 200, spanCount: spans.length });
        if (spans.length) this.onSpans?.(spans);
      } catch (error) {
        record({ encoding, status: 400, spanCount: 0, error: `not an OTLP ${encoding} ExportTraceServiceRequest: ${(error as Error).message}` });
      }
    });
  }
}
