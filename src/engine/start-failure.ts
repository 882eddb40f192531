/**
 * @module
 * Watching a service that should refuse to start (bad configuration, a missing variable): how it
 * exited, how fast, and whether it ever answered on its port. Checks of labs 01 and 02 build on it.
 */
import type { CheckContext } from './check.ts';
import type { ExitInfo, ServiceInstance, StartOptions } from './harness.ts';

export interface StartFailure {
  service: ServiceInstance;
  /** undefined when the process was still running after `withinMs`. */
  exit: ExitInfo | undefined;
  /** Whether any HTTP request got an answer while the process lived: it bound its port. */
  answered: boolean;
}

const POLL_MS = 20;

/** Starts the service without waiting for it to answer, and polls its port until it exits or `withinMs` passes. */
export async function watchFailedStart(context: CheckContext, options: StartOptions & { withinMs: number }): Promise<StartFailure> {
  const service = await context.start({ ...options, waitUntilAnswering: false });
  let answered = false;
  const deadline = service.elapsedMs() + options.withinMs;
  while (!service.exit && service.elapsedMs() < deadline) {
    const outcome = await service.request('/', { timeoutMs: 200 });
    if (outcome.kind === 'response') answered = true;
    if (!service.exit) await context.sleep(POLL_MS);
  }
  // waitForExit also lets the last of stdout and stderr arrive after an exit already seen.
  const exit = await service.waitForExit(Math.max(0, deadline - service.elapsedMs()));
  return { service, exit, answered };
}

/** Where a planted secret value shows up: stdout, stderr, or the bodies and headers given. */
export function whereSecretLeaks(service: ServiceInstance, secret: string, responses: string[] = []): string[] {
  const places: string[] = [];
  if (service.stdout().includes(secret)) places.push('stdout');
  if (service.stderr().includes(secret)) places.push('stderr');
  responses.forEach((text, index) => {
    if (text.includes(secret)) places.push(`response ${index + 1}`);
  });
  return places;
}

/** Whether output holds a line of Node's stack trace ("    at loadConfig (file:///…/config.ts:12:3)"): a refused start is a message, not a crash. */
export function hasStackTrace(output: string): boolean {
  return /^\s+at .+:\d+:\d+\)?$/m.test(output);
}
