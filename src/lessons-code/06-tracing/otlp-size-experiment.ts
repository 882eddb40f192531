// sample: section "The OpenTelemetry SDK" — one batch of the lab's spans in OTLP's two encodings; run it with node
import { gzipSync } from 'node:zlib';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'orders' }),
  spanProcessors: [new SimpleSpanProcessor({ exporter })],
});
const tracer = provider.getTracer('orders');

// 100 orders as the lab's reference records them: a server span and a client span each.
for (let id = 1; id <= 100; id++) {
  const server = tracer.startSpan('GET /orders/:id', {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': 'GET', 'http.route': '/orders/:id', 'url.path': `/orders/${id}`, 'url.scheme': 'http' },
  });
  const client = tracer.startSpan(
    'GET',
    {
      kind: SpanKind.CLIENT,
      attributes: { 'http.request.method': 'GET', 'url.full': `http://127.0.0.1:5435/stock/${id}`, 'server.address': '127.0.0.1', 'server.port': 5435 },
    },
    trace.setSpan(ROOT_CONTEXT, server), // the server span as parent, passed explicitly
  );
  client.setAttribute('http.response.status_code', 200).end();
  server.setAttribute('http.response.status_code', 200).end();
}

const spans = exporter.getFinishedSpans();
for (const [encoding, serializer] of [['protobuf', ProtobufTraceSerializer], ['JSON', JsonTraceSerializer]] as const) {
  const body = serializer.serializeRequest(spans)!;
  console.log(`${encoding.padEnd(9)} ${body.byteLength} bytes for ${spans.length} spans, ${gzipSync(body).byteLength} gzipped`);
}
