/**
 * @module
 * The traffic generator without the UI: a steady number of requests per second to the learner's
 * service, a share of them to the lab's error path and a share to its slow path, bounded in rate, in
 * duration (it stops itself) and in requests in flight (a service that stops answering is not buried
 * under a queue of requests the browser still holds).
 */
import { MAX_TRAFFIC_RPS, MAX_TRAFFIC_SECONDS, type WorkspaceTraffic } from '../../engine/lab.ts';
import type { HttpOutcome } from '../../engine/harness.ts';

export interface TrafficSettings {
  rps: number;
  errorRatio: number;
  slowRatio: number;
  durationSeconds: number;
}

/** At most this many requests wait for an answer at once; a request due beyond it is skipped, and counted. */
export const MAX_IN_FLIGHT = 16;
/** How often the loop looks at the clock: ten times a second keeps 50 rps steady without a burst. */
export const TICK_MS = 100;

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(Number.isFinite(value) ? value : low, low), high);

/** Settings within the bounds: rate and duration capped, ratios within 0..1 and together at most 1. */
export function boundTraffic(settings: TrafficSettings): TrafficSettings {
  const errorRatio = clamp(settings.errorRatio, 0, 1);
  return {
    rps: clamp(settings.rps, 0, MAX_TRAFFIC_RPS),
    errorRatio,
    slowRatio: clamp(settings.slowRatio, 0, 1 - errorRatio),
    durationSeconds: clamp(settings.durationSeconds, 1, MAX_TRAFFIC_SECONDS),
  };
}

export type TrafficKind = 'ordinary' | 'error' | 'slow';

type TrafficPath = WorkspaceTraffic['paths'][number];

/**
 * The path with `{id}` replaced by a whole number of the entry's range, drawn with a random number
 * in [0, 1) (asked for only then): one route template reached under many raw paths, as real users reach it.
 *
 * @example withId({ path: '/users/{id}', weight: 1, ids: { from: 1, to: 100 } }, () => 0.5) // '/users/51'
 */
export function withId(entry: TrafficPath, draw: () => number): string {
  if (!entry.ids || !entry.path.includes('{id}')) return entry.path;
  const { from, to } = entry.ids;
  const random = draw();
  return entry.path.replaceAll('{id}', String(from + Math.min(Math.floor(random * (to - from + 1)), to - from)));
}

/**
 * Which request to send for a random number in [0, 1): the error path, the slow path, or a path by
 * weight (its `{id}` drawn with `drawId`).
 */
export function pickRequest(
  traffic: Pick<WorkspaceTraffic, 'paths' | 'errorPath' | 'slowPath'>,
  settings: Pick<TrafficSettings, 'errorRatio' | 'slowRatio'>,
  random: number,
  drawId: () => number = Math.random,
): { path: string; kind: TrafficKind } {
  if (random < settings.errorRatio) return { path: traffic.errorPath, kind: 'error' };
  if (random < settings.errorRatio + settings.slowRatio) return { path: traffic.slowPath, kind: 'slow' };
  // Spread what is left of [0, 1) over the ordinary paths by weight.
  const rest = settings.errorRatio + settings.slowRatio;
  const share = rest < 1 ? (random - rest) / (1 - rest) : 0;
  const total = traffic.paths.reduce((sum, entry) => sum + entry.weight, 0);
  let point = share * total;
  for (const entry of traffic.paths) {
    if (point < entry.weight) return { path: withId(entry, drawId), kind: 'ordinary' };
    point -= entry.weight;
  }
  return { path: withId(traffic.paths.at(-1)!, drawId), kind: 'ordinary' };
}

/** How many requests are due by `elapsedMs` at `rps`: the first at once, then one every 1/rps seconds. */
export const requestsDue = (elapsedMs: number, rps: number) => (rps > 0 ? Math.floor((elapsedMs / 1000) * rps) + 1 : 0);

export interface TrafficCounts {
  sent: number;
  /** Answered with a status below 500. */
  ok: number;
  /** Answered with a 5xx. */
  errors: number;
  /** No answer: refused, reset, timed out, or the runtime could not send it. */
  failed: number;
  /** Due while MAX_IN_FLIGHT requests were still waiting, so not sent. */
  skipped: number;
  inFlight: number;
}

export interface TrafficLoopOptions {
  traffic: WorkspaceTraffic;
  settings: TrafficSettings;
  send(path: string): Promise<HttpOutcome>;
  onUpdate(counts: TrafficCounts): void;
  /** Called once, when the duration is over or `stop()` was called. */
  onStop(reason: 'finished' | 'stopped', counts: TrafficCounts): void;
  random?: () => number;
  now?: () => number;
}

/** Starts sending at once; returns a handle to stop early. */
export function startTrafficLoop(options: TrafficLoopOptions): { stop(): void } {
  const { traffic, send, onUpdate, onStop } = options;
  const settings = boundTraffic(options.settings);
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => performance.now());
  const started = now();
  const endMs = settings.durationSeconds * 1000;
  const counts: TrafficCounts = { sent: 0, ok: 0, errors: 0, failed: 0, skipped: 0, inFlight: 0 };
  let due = 0;
  let stopped = false;

  const finish = (reason: 'finished' | 'stopped') => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    onStop(reason, { ...counts });
  };

  const fire = () => {
    const { path } = pickRequest(traffic, settings, random(), random);
    counts.sent++;
    counts.inFlight++;
    send(path).then(
      (outcome) => {
        if (outcome.kind === 'response') outcome.status >= 500 ? counts.errors++ : counts.ok++;
        else counts.failed++;
      },
      () => counts.failed++,
    ).finally(() => {
      counts.inFlight--;
      if (!stopped) onUpdate({ ...counts });
    });
  };

  const tick = () => {
    const elapsed = now() - started;
    const target = requestsDue(Math.min(elapsed, endMs - 1), settings.rps);
    for (; due < target; due++) {
      if (counts.inFlight >= MAX_IN_FLIGHT) counts.skipped++;
      else fire();
    }
    onUpdate({ ...counts });
    if (elapsed >= endMs) finish('finished');
  };

  const timer = setInterval(tick, TICK_MS);
  tick();
  return { stop: () => finish('stopped') };
}
