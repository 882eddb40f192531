/**
 * @module
 * Who changed what: every grade change (regrade, grade written), roster import and assignment.
 */
import type { Queryable } from '../db/database.ts';
import { newId } from '../secrets.ts';

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  subject: string | null;
  detail: string;
}

export async function recordAudit(db: Queryable, entry: { actor: string; action: string; cohortId?: string | null; subject?: string; detail?: string }): Promise<void> {
  await db.run('INSERT INTO audit_log (id, at, actor, action, cohort_id, subject, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    newId(),
    Date.now(),
    entry.actor,
    entry.action,
    entry.cohortId ?? null,
    entry.subject ?? null,
    entry.detail ?? '',
  ]);
}

export async function auditLog(db: Queryable, cohortId: string, limit = 200): Promise<AuditEntry[]> {
  return db.query<AuditEntry>(
    'SELECT at, actor, action, subject, detail FROM audit_log WHERE cohort_id = $1 ORDER BY at DESC LIMIT $2',
    [cohortId, limit],
  );
}
