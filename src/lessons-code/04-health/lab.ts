// sample: not shown in the lesson; the samples import the lab's own types and logger through it, as lab code does.
export type { Database } from '../../../exercises/04-health/src/db.ts';
export type { Health } from '../../../exercises/04-health/src/health.ts';
export type { Logger } from '../../../exercises/04-health/src/log.ts';
export { log } from '../../../exercises/04-health/src/log.ts';
