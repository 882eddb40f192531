// sample: section "The lab" — an inventory and a collector for trying the lab by hand; run it with node
import { createServer, type IncomingMessage } from 'node:http';
import { buffer } from 'node:stream/consumers';
// The decoder the lab's checks use: OTLP in protobuf or JSON, to plain spans.
import { decodeJsonExport, decodeProtobufExport } from '../../engine/otlp-decode.ts';

const short = (id: string) => (id ? id.slice(0, 8) : 'root    ');

// The inventory, where the lab's INVENTORY_URL points: it says which traceparent came with each call.
// Order 500 makes it fail with a 500, to see an error on the spans.
createServer((req, res) => {
  console.log(`inventory  ${req.method} ${req.url}  traceparent: ${req.headers.traceparent ?? '(none)'}`);
  if (req.url === '/stock/500') return res.writeHead(500).end('{"error":"out of order"}');
  res.setHeader('Content-Type', 'application/json').end('{"available":3}');
}).listen(5435, '127.0.0.1');

// The collector, where OTEL_EXPORTER_OTLP_ENDPOINT points: one line per export, one per span.
createServer(async (req: IncomingMessage, res) => {
  const body = await buffer(req);
  const type = req.headers['content-type'] ?? '';
  try {
    const spans = type.startsWith('application/json') ? decodeJsonExport(body.toString()) : decodeProtobufExport(body);
    console.log(`collector  ${req.method} ${req.url}  ${type}, ${body.byteLength} bytes, ${spans.length} spans`);
    for (const span of spans) {
      const ms = span.durationMs.toFixed(1).padStart(6);
      console.log(
        `  ${String(span.resource['service.name'])}  ${span.name.padEnd(16)} ${span.kind.padEnd(6)} trace ${short(span.traceId)}` +
          `  span ${short(span.spanId)}  parent ${short(span.parentSpanId)} ${ms} ms  ${span.status.code}`,
      );
    }
    res.setHeader('Content-Type', type).end();
  } catch (error) {
    console.log(`collector  ${req.method} ${req.url}  could not decode: ${(error as Error).message}`);
    res.writeHead(400).end();
  }
}).listen(4318, '127.0.0.1', () => console.log('inventory on http://127.0.0.1:5435, collector on http://127.0.0.1:4318'));
