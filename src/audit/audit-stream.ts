/**
 * @module
 * What the server streams to the Audit page, one JSON value a line: each item's result as it finishes,
 * then the report — or one error saying why the audit could not run.
 */
import type { CheckResult } from '../engine/report.ts';
import type { AuditReport } from './run-audit.ts';

export type AuditStreamItem =
  | { type: 'started'; target: string; items: number }
  | { type: 'result'; result: CheckResult }
  | { type: 'report'; report: AuditReport }
  | { type: 'error'; message: string };
