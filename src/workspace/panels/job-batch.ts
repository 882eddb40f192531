/**
 * @module
 * The queue panel's "Send jobs" control without the UI: a batch of job payloads of several kinds,
 * interleaved so the kinds arrive mixed as real traffic would, sent a few at a time, and what the
 * service answered counted: accepted, refused (backpressure), other answers, no answer.
 */
import pLimit from 'p-limit';
import type { WorkspaceQueue } from '../../engine/lab.ts';
import type { HttpOutcome } from '../../engine/harness.ts';

/** Most jobs one batch may send: enough to fill a queue of 100 and see it refuse, not a load test. */
export const MAX_BATCH = 500;
/** POSTs waiting for an answer at once. */
export const BATCH_CONCURRENCY = 4;

export type BatchKind = WorkspaceQueue['batch'][number];

/**
 * The payloads of a batch in the order they are sent: `counts[i]` jobs of kind `i`, each kind spread
 * evenly through the batch (the next job is of the kind furthest behind its share).
 *
 * @example interleave([a, b], [2, 1]) // [a.payload, b.payload, a.payload]
 */
export function interleave(kinds: readonly BatchKind[], counts: readonly number[]): Array<{ kind: string; payload: unknown }> {
  const wanted = kinds.map((_, index) => Math.max(0, Math.floor(counts[index] ?? 0)));
  const total = Math.min(
    wanted.reduce((sum, count) => sum + count, 0),
    MAX_BATCH,
  );
  const sent = wanted.map(() => 0);
  const order: Array<{ kind: string; payload: unknown }> = [];
  while (order.length < total) {
    let next = -1;
    for (let index = 0; index < kinds.length; index++) {
      if (sent[index]! >= wanted[index]!) continue;
      // How far through its own share this kind would be after one more: the smallest goes next.
      if (next < 0 || (sent[index]! + 0.5) / wanted[index]! < (sent[next]! + 0.5) / wanted[next]!) next = index;
    }
    sent[next]!++;
    order.push({ kind: kinds[next]!.kind, payload: kinds[next]!.payload });
  }
  return order;
}

export interface BatchCounts {
  sent: number;
  /** Answered 2xx: the job was taken. */
  accepted: number;
  /** Answered 503: the queue refused it (backpressure). */
  refused: number;
  /** Any other answer (a 400 for a payload the service does not take, a 500…). */
  other: number;
  /** No answer: refused connection, reset, timeout, or no service running. */
  failed: number;
}

/** Sends the batch, BATCH_CONCURRENCY at a time, reporting the counts after every answer. */
export async function sendBatch(
  payloads: ReadonlyArray<{ payload: unknown }>,
  send: (payload: unknown) => Promise<HttpOutcome>,
  onUpdate: (counts: BatchCounts) => void = () => {},
): Promise<BatchCounts> {
  const counts: BatchCounts = { sent: 0, accepted: 0, refused: 0, other: 0, failed: 0 };
  const limit = pLimit(BATCH_CONCURRENCY);
  await Promise.all(
    payloads.map(({ payload }) =>
      limit(async () => {
        counts.sent++;
        try {
          const outcome = await send(payload);
          if (outcome.kind !== 'response') counts.failed++;
          else if (outcome.status >= 200 && outcome.status < 300) counts.accepted++;
          else if (outcome.status === 503) counts.refused++;
          else counts.other++;
        } catch {
          counts.failed++;
        }
        onUpdate({ ...counts });
      }),
    ),
  );
  return counts;
}

/** "20 sent: 18 accepted, 2 refused (503)" — the parts that are not zero after the first two. */
export function describeBatch(counts: BatchCounts): string {
  const parts = [`${counts.accepted} accepted`];
  if (counts.refused) parts.push(`${counts.refused} refused with 503 (the queue was full)`);
  if (counts.other) parts.push(`${counts.other} other answer${counts.other === 1 ? '' : 's'}`);
  if (counts.failed) parts.push(`${counts.failed} without an answer`);
  return `${counts.sent} sent: ${parts.join(', ')}`;
}
