/**
 * @module
 * Running checks: one check under its timeout with its harness always disposed, and a whole lab with
 * its checks in parallel (each starts its own service on its own port), so a lab takes about as long as
 * its slowest check — but never more checks at once than the host's slots allow, shared by every lab
 * run in the process, so twenty "Run checks" at once queue instead of starting hundreds of services.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import {
  type CheckContext,
  type CheckDefinition,
  CheckFailure,
  DEFAULT_CHECK_TIMEOUT_MS,
  HOST_CAPABILITY_NAMES,
  type HostCapability,
  InfrastructureError,
} from './check.ts';
import type { Harness } from './harness.ts';
import type { Lab } from './lab.ts';
import { type CheckResult, type LabReport, summarise } from './report.ts';

/** A harness a runner can clean up after; each host (Node, WebContainer) provides one per check. */
export interface DisposableHarness extends Harness {
  dispose(): Promise<void>;
  /** Why the check's results may not be its own service's (another program answered on its port), if so. */
  interference?(): Promise<string | undefined>;
}

export type HarnessFactory = () => DisposableHarness;

/** The result of a check this host cannot run: reported as skipped, with where it does run. */
function skippedResult(check: CheckDefinition, missing: readonly HostCapability[]): CheckResult {
  const cannot = missing.map((capability) => HOST_CAPABILITY_NAMES[capability]).join(' or ');
  return {
    id: check.id,
    title: check.title,
    points: check.points,
    passed: false,
    message: '',
    hint: check.hint,
    measurements: {},
    durationMs: 0,
    skipped: `Runs in the local runtime and in grading: this runtime cannot ${cannot}.`,
  };
}

export interface RunCheckOptions {
  /** What this host cannot give; checks that need any of it are skipped, not failed. */
  lacks?: ReadonlySet<HostCapability>;
}

/**
 * Runs the check under its timeout. A run whose service was displaced from its port (another program
 * answered for it) says nothing about the submission: it runs once more, and that run's result stands.
 */
export async function runCheck(check: CheckDefinition, createHarness: HarnessFactory, options: RunCheckOptions = {}): Promise<CheckResult> {
  const missing = (check.needs ?? []).filter((capability) => options.lacks?.has(capability));
  if (missing.length) return skippedResult(check, missing);
  const first = await runCheckOnce(check, createHarness);
  return first.interference ? (await runCheckOnce(check, createHarness)).result : first.result;
}

async function runCheckOnce(check: CheckDefinition, createHarness: HarnessFactory): Promise<{ result: CheckResult; interference?: string }> {
  const started = performance.now();
  const harness = createHarness();
  let currentStep = 'starting';
  const measurements: Record<string, number> = {};
  const context: CheckContext = {
    start: (options) => harness.start(options),
    startFake: (name, kind) => harness.startFake(name, kind),
    startCollector: () => harness.startCollector(),
    startRedis: () => harness.startRedis(),
    step: (description) => {
      currentStep = description;
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    measure: (name, value) => {
      measurements[name] = Math.round(value);
    },
  };
  const timeoutMs = check.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const running = check.run(context);
  running.catch(() => {}); // after a timeout nobody awaits it; its failure must not go unhandled

  let message = '';
  let interference: string | undefined;
  try {
    if ((await Promise.race([running, timedOut])) === 'timeout') {
      message = `The check did not finish within ${timeoutMs / 1000} s; it stopped while ${currentStep}. A service that hangs (a request never answered, a process that never exits) causes this.`;
    }
  } catch (error) {
    if (error instanceof InfrastructureError) throw error;
    message =
      error instanceof CheckFailure
        ? error.message
        : `The check could not complete while ${currentStep}: ${(error as Error)?.message ?? String(error)}`;
  } finally {
    clearTimeout(timer);
    interference = await harness.interference?.().catch(() => undefined);
    await harness.dispose();
  }
  const result: CheckResult = {
    id: check.id,
    title: check.title,
    points: check.points,
    passed: message === '',
    message,
    hint: check.hint,
    measurements,
    durationMs: Math.round(performance.now() - started),
  };
  return { result, ...(interference ? { interference } : {}) };
}

/** How many checks may run at once; a host passes one to every runLab so the limit is process-wide. */
export type CheckSlots = LimitFunction;

export function checkSlots(concurrency: number): CheckSlots {
  return pLimit(Math.max(1, concurrency));
}

export interface RunLabOptions extends RunCheckOptions {
  /** Where checks wait for their turn (default: all at once). */
  slots?: CheckSlots;
  /** Run only these check ids (all when omitted). */
  only?: readonly string[];
  /** Told about each result as soon as it is known, for progress output. */
  onResult?: (result: CheckResult) => void;
}

export async function runLab(lab: Lab, createHarness: HarnessFactory, options: RunLabOptions = {}): Promise<LabReport> {
  const started = performance.now();
  const selected = options.only ? lab.checks.filter((check) => options.only!.includes(check.id)) : lab.checks;
  const unknown = options.only?.filter((id) => !lab.checks.some((check) => check.id === id)) ?? [];
  if (unknown.length) throw new RangeError(`Lab ${lab.manifest.id} has no check ${unknown.join(', ')}`);
  const run = options.slots ?? ((task: () => Promise<CheckResult>) => task());
  const results = await Promise.all(
    selected.map(async (check) => {
      // The check's timeout starts when it gets its slot, not while it waits for one.
      const result = await run(() => runCheck(check, createHarness, options));
      options.onResult?.(result);
      return result;
    }),
  );
  return summarise(lab.manifest, results, performance.now() - started);
}
