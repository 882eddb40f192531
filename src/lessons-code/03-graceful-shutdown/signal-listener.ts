// sample: section "Signals" — one listener for both stop signals
import type { Logger } from './log.ts';

export function onStopSignal(log: Logger, stop: (signal: NodeJS.Signals) => void): void {
  function handle(signal: NodeJS.Signals): void {
    log.info('stop signal received', { signal });
    stop(signal);
  }
  // Registering a listener replaces the default action (terminate at once).
  process.on('SIGTERM', handle); // orchestrators: Kubernetes, docker stop, systemd
  process.on('SIGINT', handle); // Ctrl-C in a terminal
}
