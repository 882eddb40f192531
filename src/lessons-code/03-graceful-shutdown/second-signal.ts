// sample: section "The second signal" — the guard at the top of the signal listener
import type { Logger } from './log.ts';

export function onStopSignals(log: Logger, beginDrain: (signal: NodeJS.Signals) => void): void {
  let draining = false;

  function handle(signal: NodeJS.Signals): void {
    if (draining) {
      // Someone has asked twice: they mean now.
      log.warn('second signal: exiting without waiting', { signal });
      process.exit(1);
    }
    draining = true;
    beginDrain(signal);
  }

  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}
