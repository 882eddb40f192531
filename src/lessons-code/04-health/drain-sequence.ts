// sample: section "Draining" — the order of the starter's stop(), condensed
import type { Server } from 'node:http';
import type { Health, Logger } from './lab.ts';

export function onFirstSignal(server: Server, health: Health, log: Logger, shutdownDelayMs: number): void {
  health.markDraining(); // 1. readiness answers 503 from this instant
  log.info('draining: readiness now fails, still serving', { shutdownDelayMs });
  setTimeout(() => {
    // 2. the load balancer has had time to notice; only now stop accepting (lesson 03 from here on)
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  }, shutdownDelayMs);
}
