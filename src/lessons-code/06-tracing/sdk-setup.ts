// sample: section "The OpenTelemetry SDK" — the SDK's five pieces, set up once, before the first request
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export function startTracing(): TracerProvider {
  const provider = new TracerProvider({
    // Who sent these spans. The deployment decides, so one build can run as "orders" and "orders-canary".
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME || 'orders' }),
    spanProcessors: [
      new BatchSpanProcessor({
        // No url: the exporter reads OTEL_EXPORTER_OTLP_ENDPOINT and posts protobuf to its /v1/traces.
        exporter: new OTLPTraceExporter(),
        // The processor reads no environment variable of its own: pass what the deployment says.
        scheduledDelayMillis: Number(process.env.OTEL_BSP_SCHEDULE_DELAY) || 5000,
      }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()); // the active span, across awaits
  propagation.setGlobalPropagator(new W3CTraceContextPropagator()); // traceparent in, traceparent out
  trace.setGlobalTracerProvider(provider); // trace.getTracer() now makes real spans
  return provider;
}
