/**
 * @module
 * Audit items as a lab's checks: lab 10 grades the learner's service with the very items
 * `operable audit` runs, through the lab's harness instead of the polite client — one service per
 * check, started with the lab's settings. In a lab every item must be decidable: an item the
 * service leaves unverifiable (no limit reached) fails with its reason.
 */
import { type CheckContext, type CheckDefinition, defineCheck, fail } from '../engine/check.ts';
import type { ServiceInstance, StartOptions } from '../engine/harness.ts';
import { type AuditItem, type AuditPaths, type AuditTransport, NotVerifiable } from './item.ts';

/** The harness's service as an audit transport: no budget (the check's timeout bounds it). */
export function harnessTransport(service: ServiceInstance): AuditTransport {
  return {
    target: { base: `http://${service.host}:${service.port}`, hostname: service.host, port: service.port, protocol: 'http:' },
    remaining: Number.POSITIVE_INFINITY,
    request: (path, options = {}) => service.request(path, options),
    openRawConnection: () => service.openRawSocket(),
  };
}

export interface AuditCheckOptions {
  /** The check's id; the first item's when there is one item. */
  id?: string;
  title?: string;
  points: number;
  hint: string;
  paths: AuditPaths;
  start?: StartOptions;
  timeoutMs?: number;
}

/** Runs `items` in order against one service the harness starts. */
export function auditItemsCheck(items: readonly AuditItem[], { id, title, points, hint, paths, start, timeoutMs }: AuditCheckOptions): CheckDefinition {
  const first = items[0]!;
  return defineCheck({
    id: id ?? first.id,
    title: title ?? first.title,
    points,
    hint,
    // The items' own bounds, and the service's start (seconds on a busy machine or a slow Node).
    timeoutMs: timeoutMs ?? items.reduce((sum, item) => sum + (item.timeoutMs ?? 15_000), 10_000),
    async run(context: CheckContext) {
      const service = await context.start(start);
      const client = harnessTransport(service);
      let tokens = 0;
      for (const item of items) {
        try {
          await item.run({ client, paths, step: context.step, measure: context.measure, sleep: context.sleep, token: () => `${Date.now().toString(16)}${(tokens++).toString(16)}`, elsewhere: () => '' });
        } catch (error) {
          if (error instanceof NotVerifiable) fail(`${item.title.charAt(0).toLowerCase()}${item.title.slice(1)}`, error.message.replace(/\.$/, ''));
          throw error;
        }
      }
    },
  });
}
