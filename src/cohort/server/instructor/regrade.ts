/**
 * @module
 * Regrading with the current checks: one submission, the counted submissions of one lab, or the counted
 * submissions of every lab. A submission already waiting for grading is skipped, so pressing the button
 * twice queues nothing twice. New jobs go to the graders at once, and the audit log records who asked.
 */
import { Hono } from 'hono';
import { findLab } from '../../../../labs/index.ts';
import { checksVersion } from '../../checks-version.ts';
import { enqueueRegrade } from '../../queue/job-table.ts';
import { recordAudit } from '../../store/audit-log.ts';
import { learnerById } from '../../store/cohorts.ts';
import { gradebook } from '../../store/gradebook.ts';
import { submissionById } from '../../store/submissions.ts';
import type { CohortEnv } from '../env.ts';
import { actor, notFound, ownedCohort } from './context.ts';

export function regradeRoutes() {
  const app = new Hono<CohortEnv>();
  app.post('/cohorts/:id/regrade', async (c) => {
    const { instructor, cohort } = await ownedCohort(c);
    const { db, dispatch } = c.get('options');
    const form = await c.req.parseBody();
    const scope = String(form.scope ?? '');
    let targets: { id: string; lab: string }[];
    let described: string;

    if (scope === 'submission') {
      const submission = await submissionById(db, String(form.submission ?? ''));
      const learner = submission && (await learnerById(db, submission.learnerId));
      if (!submission || !learner || learner.cohortId !== cohort.id) throw notFound(c, 'No such submission', 'This cohort has no such submission.');
      targets = [{ id: submission.id, lab: submission.lab }];
      described = `submission of ${submission.lab} by ${learner.name} <${learner.email}>`;
    } else if (scope === 'lab' || scope === 'all') {
      const book = await gradebook(db, cohort.id);
      const lab = scope === 'lab' ? String(form.lab ?? '') : undefined;
      if (lab !== undefined && !book.assignments.some((assignment) => assignment.lab === lab)) throw notFound(c, 'Not assigned', 'That lab is not assigned in this cohort.');
      // The counted submissions are the ones grades come from; older ones keep their grade until regraded one by one.
      targets = book.rows.flatMap((row) => row.cells.filter((cell) => cell.counted && (lab === undefined || cell.lab === lab)).map((cell) => ({ id: cell.counted!.submissionId, lab: cell.lab })));
      described = lab ? `counted submissions of ${lab}` : 'counted submissions of every lab';
    } else {
      return c.text('Unknown regrade scope: use all, lab or submission.', 400);
    }

    const gradable = targets.flatMap((target) => {
      const lab = findLab(target.lab);
      return lab ? [{ id: target.id, checksVersion: checksVersion(lab) }] : [];
    });
    const jobIds = await enqueueRegrade(db, gradable);
    if (jobIds.length) await dispatch.dispatched(jobIds);
    const waiting = gradable.length - jobIds.length;
    await recordAudit(db, {
      actor: actor(instructor),
      action: 'regrade queued',
      cohortId: cohort.id,
      subject: scope === 'submission' ? targets[0]!.id : (form.lab as string | undefined) ?? 'all',
      detail: `${described}: ${jobIds.length} queued${waiting ? `, ${waiting} already waiting` : ''}`,
    });
    const back = scope === 'submission' ? `/cohorts/${cohort.id}/submissions/${targets[0]!.id}` : `/cohorts/${cohort.id}/gradebook`;
    return c.redirect(`${back}?done=regrade&queued=${jobIds.length}&waiting=${waiting}`, 303);
  });
  return app;
}
