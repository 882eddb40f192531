/**
 * @module
 * What a check is: a plain async function over a harness, with the facts a learner reads when it fails.
 * Checks never import the learner's code; they start the service and judge it by its behaviour.
 */
import type { Harness } from './harness.ts';

export interface CheckDefinition {
  /** Stable id, `area.what-it-proves` (e.g. `shutdown.drains-in-flight`); reports and mistakes name it. */
  id: string;
  /** The sentence a reviewer would say, e.g. "A request in flight at SIGTERM still gets its 200". */
  title: string;
  points: number;
  /** Where in the lesson to look when this check fails. */
  hint: string;
  /** Upper bound for the whole check, services included. */
  timeoutMs?: number;
  /** What the check needs of its host beyond starting services and sending HTTP; hosts lacking it skip the check. */
  needs?: readonly HostCapability[];
  run(context: CheckContext): Promise<void>;
}

export interface CheckContext extends Harness {
  /** Names what the check is doing now, so a timeout can say where it stopped. */
  step(description: string): void;
  sleep(ms: number): Promise<void>;
  /** Records a number the check observed (e.g. ms from signal to exit), for reports and benchmarks. */
  measure(name: string, value: number): void;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 20_000;

/**
 * Things a host may be unable to give a check. The Node host has them all; a WebContainer in the
 * browser cannot promise signal delivery to a process, a second loopback address, a real Redis, or a
 * reading of the service's memory from outside it.
 */
export type HostCapability = 'signals' | 'second-loopback' | 'redis' | 'process-memory';

export const HOST_CAPABILITY_NAMES: Record<HostCapability, string> = {
  signals: 'deliver signals such as SIGTERM to the service',
  'second-loopback': 'give the service a second loopback address',
  redis: 'run a real Redis',
  'process-memory': "read the service's memory from outside its process",
};

/** Identity function that gives a check its type; keeps lab files free of type annotations. */
export function defineCheck(check: CheckDefinition): CheckDefinition {
  return check;
}

/** The service did not behave as the check requires: what was expected, and what was observed. */
export class CheckFailure extends Error {
  readonly expected: string;
  readonly observed: string;

  constructor(expected: string, observed: string) {
    super(`Expected ${expected}.\nObserved ${observed}.`);
    this.name = 'CheckFailure';
    this.expected = expected;
    this.observed = observed;
  }
}

/** Fails the running check. */
export function fail(expected: string, observed: string): never {
  throw new CheckFailure(expected, observed);
}

/** Fails the running check unless `condition` holds. */
export function expectThat(condition: boolean, expected: string, observed: () => string): asserts condition {
  if (!condition) fail(expected, observed());
}

/**
 * The grader itself could not do its job (no free port, cannot spawn node, disk full): not the
 * learner's fault, so it is reported apart from failed checks and the CLI exits 2.
 */
export class InfrastructureError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InfrastructureError';
  }
}
