// sample: section "The OpenTelemetry SDK" — a burst of spans against the batch processor's bounded queue; run it with node
import { ExportResultCode } from '@opentelemetry/core';
import { BatchSpanProcessor, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';

const BURST = 5000;
let exports = 0;
let received = 0;

/** A collector that takes 200 ms to accept each export. */
const slowCollector: SpanExporter = {
  export(spans, done) {
    exports++;
    received += spans.length;
    setTimeout(() => done({ code: ExportResultCode.SUCCESS }), 200);
  },
  shutdown: async () => {},
};

// The processor's defaults: a queue of 2,048 spans, exports of up to 512, every 5 s or when 512 are waiting.
const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter: slowCollector })] });
const tracer = provider.getTracer('burst');

const started = performance.now();
for (let i = 0; i < BURST; i++) tracer.startSpan('GET /orders/:id').end();
const microseconds = ((performance.now() - started) * 1000) / BURST;

await provider.shutdown(); // exports whatever is still queued
console.log(`${BURST} spans ended at once, ${microseconds.toFixed(1)} µs each`);
console.log(`${received} reached the collector in ${exports} exports; ${BURST - received} were dropped, without a word`);
