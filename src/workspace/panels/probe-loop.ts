/**
 * @module
 * A kubelet's prober for the workspace, without the UI: one probe every period, each with its own
 * timeout. A probe with no answer in time counts as a failure at its timeout, and the next one is sent
 * on schedule whatever earlier ones are still doing — so a hanging service turns red instead of
 * keeping its last green answer.
 */
import type { HttpOutcome } from '../../engine/harness.ts';
import { describeOutcome } from '../../engine/describe.ts';

/** One probe's verdict, as the kubelet would count it. */
export interface ProbeResult {
  ok: boolean;
  /** "HTTP 200 in 5 ms", "no answer in 1 s", … */
  summary: string;
}

/**
 * How long past its timeout a probe may take to come back through the runtime (the local server, the
 * in-browser session) before the workspace stops waiting: the runtime itself gives up at the timeout.
 */
export const RELAY_GRACE_MS = 500;

/** "1 s", "2.5 s". */
export const inSeconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/** "no answer in 1 s": what a probe that timed out shows. */
export const noAnswerIn = (timeoutMs: number) => `no answer in ${inSeconds(timeoutMs)}`;

/**
 * A probe succeeds as a kubelet's HTTP probe does: a status from 200 to 399, within the timeout.
 *
 * @example judgeProbe({ kind: 'error', code: 'TIMEOUT', message: '', durationMs: 1000 }, 1000) // { ok: false, summary: 'no answer in 1 s' }
 */
export function judgeProbe(outcome: HttpOutcome, timeoutMs: number): ProbeResult {
  if (outcome.kind === 'error' && outcome.code === 'TIMEOUT') return { ok: false, summary: noAnswerIn(timeoutMs) };
  if (outcome.kind === 'response' && outcome.durationMs > timeoutMs) {
    return { ok: false, summary: `${noAnswerIn(timeoutMs)} (HTTP ${outcome.status} came after ${outcome.durationMs} ms)` };
  }
  const ok = outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 400;
  return { ok, summary: describeOutcome(outcome) };
}

export interface ProbeLoopOptions {
  /** Sends one probe; the runtime should give up after `timeoutMs`. */
  send(timeoutMs: number): Promise<HttpOutcome>;
  periodMs: number;
  timeoutMs: number;
  /** Called once per probe sent, in the order verdicts are reached. */
  onResult(result: ProbeResult): void;
}

/** Probes now and every `periodMs` until stopped; verdicts reached after `stop()` are dropped. */
export function startProbeLoop({ send, periodMs, timeoutMs, onResult }: ProbeLoopOptions): { stop(): void } {
  let stopped = false;
  const pendingTimers = new Set<ReturnType<typeof setTimeout>>();

  const probe = () => {
    let settled = false;
    const settle = (result: ProbeResult) => {
      if (settled || stopped) return;
      settled = true;
      clearTimeout(timer);
      pendingTimers.delete(timer);
      onResult(result);
    };
    const timer = setTimeout(() => settle({ ok: false, summary: noAnswerIn(timeoutMs) }), timeoutMs + RELAY_GRACE_MS);
    pendingTimers.add(timer);
    send(timeoutMs).then(
      (outcome) => settle(judgeProbe(outcome, timeoutMs)),
      (error: Error) => settle({ ok: false, summary: error.message }),
    );
  };

  probe();
  const interval = setInterval(probe, periodMs);
  return {
    stop() {
      stopped = true;
      clearInterval(interval);
      for (const timer of pendingTimers) clearTimeout(timer);
      pendingTimers.clear();
    },
  };
}
