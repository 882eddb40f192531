/**
 * The OTLP collector stand-in decodes what OpenTelemetry's own encoders send — the OTLP/HTTP protobuf
 * exporter (gzip or not) and the OTLP/JSON serializer the JSON exporter posts — into the spans they
 * were given, and answers other requests as a real collector's receiver does.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { type ReadableSpan, SimpleSpanProcessor, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';
import { OtlpCollector } from '../../src/engine/node/otlp-collector.ts';

/** An exporter that posts OTLP/JSON as exporter-trace-otlp-http does, with OpenTelemetry's own serializer. */
function jsonExporter(url: string): SpanExporter {
  return {
    export(spans: ReadableSpan[], done) {
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array(JsonTraceSerializer.serializeRequest(spans)!) }).then(
        (response) => done({ code: response.ok ? ExportResultCode.SUCCESS : ExportResultCode.FAILED }),
        (error: Error) => done({ code: ExportResultCode.FAILED, error }),
      );
    },
    shutdown: async () => {},
  };
}

/** Ends a server span and a child client span through `exporter`, as a lab service would. */
async function exportTwoSpans(exporter: SpanExporter) {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'orders-test' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('round-trip', '1.2.3');
  const server = tracer.startSpan('GET /orders/:id', {
    kind: SpanKind.SERVER,
    attributes: { 'http.route': '/orders/:id', 'http.response.status_code': 502, 'http.request.method': 'GET', sampled: true, ratio: 0.5, tags: ['a', 'b'] },
  });
  const client = tracer.startSpan('GET', { kind: SpanKind.CLIENT }, trace.setSpan(ROOT_CONTEXT, server));
  client.setStatus({ code: SpanStatusCode.ERROR, message: 'HTTP 500' });
  client.addEvent('retry', { attempt: 2 });
  client.end();
  server.setStatus({ code: SpanStatusCode.ERROR });
  server.end();
  await provider.shutdown();
  return { server: server.spanContext(), client: client.spanContext() };
}

for (const [encoding, makeExporter] of [
  ['protobuf', (url: string) => new ProtobufExporter({ url })],
  ['json', (url: string) => jsonExporter(url)],
  ['gzipped protobuf', (url: string) => new ProtobufExporter({ url, compression: 'gzip' as never })],
] as const) {
  test(`spans exported in ${encoding} by OpenTelemetry's exporter decode to what was exported`, async () => {
    const collector = await new OtlpCollector().listen();
    try {
      const ids = await exportTwoSpans(makeExporter(`${collector.url}/v1/traces`));
      for (let waited = 0; collector.spans().length < 2 && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      const exports = collector.exports();
      assert.ok(exports.length >= 1);
      assert.deepEqual(new Set(exports.map((entry) => entry.status)), new Set([200]), JSON.stringify(exports));
      assert.equal(exports[0]!.encoding, encoding === 'json' ? 'json' : 'protobuf');
      assert.equal(collector.received()[0]!.headers['content-encoding'], encoding.startsWith('gzipped') ? 'gzip' : undefined);
      const spans = collector.spans();
      assert.equal(spans.length, 2);
      const client = spans.find((span) => span.kind === 'CLIENT')!;
      const server = spans.find((span) => span.kind === 'SERVER')!;
      assert.equal(server.traceId, ids.server.traceId);
      assert.equal(server.spanId, ids.server.spanId);
      assert.equal(server.parentSpanId, '');
      assert.equal(client.traceId, ids.server.traceId);
      assert.equal(client.spanId, ids.client.spanId);
      assert.equal(client.parentSpanId, ids.server.spanId);
      assert.equal(server.name, 'GET /orders/:id');
      assert.deepEqual(server.attributes, {
        'http.route': '/orders/:id',
        'http.response.status_code': 502,
        'http.request.method': 'GET',
        sampled: true,
        ratio: 0.5,
        tags: ['a', 'b'],
      });
      assert.deepEqual(client.status, { code: 'ERROR', message: 'HTTP 500' });
      assert.equal(server.status.code, 'ERROR');
      assert.deepEqual(client.events.map((event) => [event.name, event.attributes]), [['retry', { attempt: 2 }]]);
      assert.equal(server.resource['service.name'], 'orders-test');
      assert.deepEqual(server.scope, { name: 'round-trip', version: '1.2.3' });
      assert.ok(Math.abs(server.startMs - Date.now()) < 60_000, `start ${server.startMs} is a Unix time in ms`);
      assert.ok(server.durationMs >= 0 && server.endMs >= server.startMs);
    } finally {
      await collector.dispose();
    }
  });
}

test('other paths, media types and undecodable bodies are refused as a collector refuses them, and recorded', async () => {
  const collector = await new OtlpCollector().listen();
  try {
    const post = (path: string, type: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) =>
      fetch(`${collector.url}${path}`, { method: 'POST', headers: { 'content-type': type, ...headers }, body }).then((response) => response.status);
    assert.equal(await post('/', 'application/x-protobuf', new Uint8Array([10, 0])), 404);
    assert.equal(await post('/v1/traces', 'text/plain', 'spans'), 415);
    assert.equal(await post('/v1/traces', 'application/x-protobuf', new Uint8Array([0xff, 0xff, 0xff])), 400);
    assert.equal(await post('/v1/traces', 'application/json', '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz"}]}]}]}'), 400);
    assert.equal(await post('/v1/traces', 'application/json', new Uint8Array(gzipSync('{}')), { 'content-encoding': 'gzip' }), 200);
    assert.deepEqual(collector.exports().map((entry) => [entry.path, entry.status]), [['/', 404], ['/v1/traces', 415], ['/v1/traces', 400], ['/v1/traces', 400], ['/v1/traces', 200]]);
    assert.match(collector.exports()[3]!.error!, /traceId must be 32 hex digits/);
    assert.equal(collector.spans().length, 0);
    assert.equal(collector.calls(), 5);

    collector.setMode({ kind: 'failing', status: 503 });
    assert.equal(await post('/v1/traces', 'application/json', '{}'), 503);
    collector.resetCalls();
    assert.deepEqual([collector.calls(), collector.exports().length, collector.received().length], [0, 0, 0]);
  } finally {
    await collector.dispose();
  }
});
