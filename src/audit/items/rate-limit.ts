/**
 * @module
 * A rate limit seen from one client: announced in the `RateLimit` header fields (or their
 * `X-RateLimit-*` forerunners) and counted down, or met as a 429 with `Retry-After`; and the probes
 * and the metrics endpoint still answered while this client is limited.
 */
import { expectThat, fail } from '../../engine/check.ts';
import type { HttpOutcome } from '../../engine/harness.ts';
import { defineItem, LESSONS, NotVerifiable } from '../item.ts';
import { answer, isResponse } from './describe.ts';

const teachesIt = LESSONS.rateLimiting;

/** What the burst found, for the item that runs after it. */
export interface RateLimitMemo {
  limited?: { afterRequests: number; retryAfter: string | undefined };
}

/** The remaining count a response announces, in any of the header styles limiters use. */
export function announcedRemaining(outcome: HttpOutcome): number | undefined {
  if (!isResponse(outcome)) return undefined;
  const h = outcome.headers;
  // RateLimit: "default";r=9;t=50 (draft 8 on), or limit=10, remaining=9, reset=50 (draft 7)
  const draft = /(?:^|[;,]\s*)(?:r|remaining)=(\d+)/.exec(h.ratelimit ?? '')?.[1];
  const value = draft ?? h['ratelimit-remaining'] ?? h['x-ratelimit-remaining'];
  return value === undefined || !/^\d+$/.test(value.trim()) ? undefined : Number(value);
}

const validRetryAfter = (value: string | undefined) => value !== undefined && (/^\d+$/.test(value.trim()) || !Number.isNaN(Date.parse(value)));

export function rateLimitEnforced(burst: number, memo: RateLimitMemo) {
  return defineItem({
    id: 'limit.enforced',
    title: 'One client\'s requests are counted against a limit: announced and counted down, or refused with 429 and Retry-After',
    teachesIt,
    timeoutMs: 60_000,
    async run({ client, paths, step, measure }) {
      const sendable = Math.max(0, Math.min(burst, client.remaining - 6)); // keep a few for the probes item
      step(`up to ${sendable} GET ${paths.route} from this client, until a 429`);
      const remainings: number[] = [];
      for (let sent = 1; sent <= sendable; sent++) {
        const outcome = await client.request(paths.route);
        if (isResponse(outcome) && outcome.status === 429) {
          const retryAfter = outcome.headers['retry-after'];
          memo.limited = { afterRequests: sent, retryAfter };
          measure('limitedAfterRequests', sent);
          expectThat(validRetryAfter(retryAfter), 'a 429 with Retry-After (seconds, or an HTTP date) telling the client when to come back', () => answer(outcome));
          return;
        }
        const remaining = announcedRemaining(outcome);
        if (remaining !== undefined) remainings.push(remaining);
      }
      // No 429 within the burst: a generous limit still shows when it is announced and counted down.
      const countsDown = remainings.length >= 2 && remainings.at(-1)! < remainings[0]!;
      if (countsDown) return;
      fail(
        `a limit this client meets: a 429 with Retry-After within ${sendable} requests, or RateLimit headers whose remaining count goes down`,
        `${sendable} answers without a 429${remainings.length ? `, remaining announced as ${remainings[0]} then ${remainings.at(-1)}` : ' and without RateLimit headers'}`,
      );
    },
  });
}

export function probesNotLimited(memo: RateLimitMemo) {
  return defineItem({
    id: 'limit.probes-exempt',
    title: 'While a client is rate limited, the probes and the metrics endpoint still answer',
    teachesIt: { ...teachesIt, section: 'what-not-to-limit' },
    async run({ client, paths, step }) {
      if (!memo.limited) throw new NotVerifiable('The audit\'s burst never reached the limit, so whether the probes are exempt cannot be seen: a reviewer checks that the limiter is mounted after the probe and metrics routes (or skips them).');
      for (const path of [paths.livez, paths.readyz, paths.metrics]) {
        step(`GET ${path} while limited`);
        const outcome = await client.request(path);
        expectThat(isResponse(outcome) && outcome.status !== 429, `GET ${path} to be answered while this client is limited: a limited kubelet restarts a healthy pod`, () => answer(outcome));
      }
    },
  });
}
