/**
 * @module
 * Every audit item, in the order they run: the cheap and harmless first, the slow client and the
 * burst that may get this client limited last.
 */
import type { AuditItem } from '../item.ts';
import { corsAllowlist } from './cors.ts';
import { clientMistakesAre4xx, noStackTrace, problemJson } from './errors.ts';
import { secureHeaders } from './headers.ts';
import { bodyLimit } from './limits.ts';
import { boundedCardinality, metricsExposed, processMetrics, requestHistogram } from './metrics.ts';
import { livezAnswers, readyzAnswers } from './probes.ts';
import { probesNotLimited, type RateLimitMemo, rateLimitEnforced } from './rate-limit.ts';
import { requestIdKept, requestIdMade, requestIdUntrustedReplaced } from './request-id.ts';
import { requestTimeout, slowClientDropped } from './timeouts.ts';
import { malformedTraceparentHarmless, traceContinued } from './tracing.ts';

export interface ItemSettings {
  /** Requests the rate-limit burst may send. */
  burst: number;
  /** How long a half-sent request may hold a connection. */
  slowClientLimitMs: number;
}

export function auditItems({ burst, slowClientLimitMs }: ItemSettings): AuditItem[] {
  const rateLimitMemo: RateLimitMemo = {};
  return [
    livezAnswers,
    readyzAnswers,
    requestIdKept,
    requestIdMade,
    requestIdUntrustedReplaced,
    problemJson,
    clientMistakesAre4xx,
    noStackTrace,
    secureHeaders,
    corsAllowlist,
    traceContinued,
    malformedTraceparentHarmless,
    metricsExposed,
    processMetrics,
    requestHistogram,
    boundedCardinality,
    bodyLimit,
    slowClientDropped(slowClientLimitMs),
    requestTimeout,
    rateLimitEnforced(burst, rateLimitMemo),
    probesNotLimited(rateLimitMemo),
  ];
}
