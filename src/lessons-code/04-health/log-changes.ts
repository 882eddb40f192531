// sample: section "The response body" — one log line per change, not one per probe
import type { Logger } from './lab.ts';
import type { DependencyStatus } from './timeout-ping.ts';

export function logChanges(name: string, log: Logger): (result: DependencyStatus) => DependencyStatus {
  let previous: DependencyStatus['status'] | undefined;
  return (result) => {
    if (result.status !== previous) {
      const level = result.status === 'up' ? 'info' : 'warn';
      log[level](`${name} is ${result.status}`, { ...result, was: previous ?? 'unknown' });
      previous = result.status;
    }
    return result;
  };
}
