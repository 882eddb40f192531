// sample: section "The OpenTelemetry SDK" — one new trace in ten; a caller's decision followed as it is
import { ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider } from '@opentelemetry/sdk-trace';

export const provider = new TracerProvider({
  sampler: new ParentBasedSampler({
    // Only for a request without a valid traceparent: decided from the trace id, so every service agrees.
    root: new TraceIdRatioBasedSampler(0.1),
    // With one, the sampled flag decides (these two are the defaults, written out).
    // remoteParentSampled: new AlwaysOnSampler(), remoteParentNotSampled: new AlwaysOffSampler(),
  }),
});
