/**
 * @module
 * The submission API, version 1 (docs/cohorts.md): learners, with their personal token, read their
 * assignments, submit a lab's editable files, and follow the grading. Called by `operable submit` and
 * by the workspace's "Submit to cohort" (cross-origin, so CORS for the course site's origin).
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { findLab } from '../../../labs/index.ts';
import { MAX_EDITABLE_FILE_BYTES } from '../../engine/submission.ts';
import { checksVersion } from '../checks-version.ts';
import { assignmentsOf, cohortById, learnerByToken, type Learner } from '../store/cohorts.ts';
import { isLate, submissionState, type SubmissionState } from '../store/gradebook.ts';
import { gradeReport } from '../store/gradebook.ts';
import { recentSubmissionCount, storeSubmission, submissionById } from '../store/submissions.ts';
import type { CohortEnv } from './env.ts';
import type { Queryable } from '../db/database.ts';
import { problem } from './problem.ts';

export const MAX_SUBMISSION_BODY_BYTES = 1024 * 1024;
/** Submissions a learner may make in a minute: enough to iterate, too few to flood the graders. */
export const SUBMISSIONS_PER_MINUTE = 10;

type ApiEnv = CohortEnv & { Variables: { apiLearner: Learner } };

/** The public shape of a submission's state. */
export async function describeSubmission(db: Queryable, state: SubmissionState, late: boolean) {
  const report = state.grade ? await gradeReport(db, state.grade.jobId) : undefined;
  return {
    id: state.submissionId,
    lab: state.lab,
    status: state.status,
    ...(state.reason && state.status !== 'graded' ? { reason: state.reason } : {}),
    late,
    createdAt: new Date(state.createdAt).toISOString(),
    ...(report ? { report, checksVersion: state.grade?.checksVersion } : {}),
  };
}

function publicBase(c: Context<ApiEnv>): string {
  return (c.get('options').publicUrl ?? new URL(c.req.url).origin).replace(/\/$/, '');
}

export function submissionApi() {
  const api = new Hono<ApiEnv>();
  api.use('*', async (c, next) => {
    const origins = c.get('options').allowedOrigins;
    return cors({ origin: (origin) => (origins.includes(origin) ? origin : null), allowHeaders: ['Authorization', 'Content-Type', 'X-Operable-Client'], exposeHeaders: ['Location', 'Retry-After'], maxAge: 600 })(c, next);
  });
  api.use('*', async (c, next) => {
    const token = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) return problem(c, 401, 'No token', 'Send your personal token as "Authorization: Bearer <token>". It was shown when you joined the cohort.');
    const learner = await learnerByToken(c.get('options').db, token);
    if (!learner) return problem(c, 401, 'Unknown token', 'This token does not belong to any learner. Copy it again from your cohort page, or ask your instructor for a new one.');
    c.set('apiLearner', learner);
    await next();
  });

  api.get('/me', async (c) => {
    const learner = c.get('apiLearner');
    const { db } = c.get('options');
    const cohort = await cohortById(db, learner.cohortId);
    const assignments = await assignmentsOf(db, learner.cohortId);
    return c.json({
      learner: { name: learner.name, email: learner.email },
      cohort: { id: cohort?.id, name: cohort?.name },
      assignments: assignments.map((assignment) => ({
        lab: assignment.lab,
        title: findLab(assignment.lab)?.manifest.title ?? assignment.lab,
        deadline: assignment.deadline === null ? null : new Date(assignment.deadline).toISOString(),
        latePolicy: assignment.latePolicy,
      })),
      url: `${publicBase(c)}/me`,
    });
  });

  api.post(
    '/submissions',
    bodyLimit({
      maxSize: MAX_SUBMISSION_BODY_BYTES,
      onError: (c) => problem(c, 413, 'Submission too large', `A submission may be at most ${MAX_SUBMISSION_BODY_BYTES / 1024} KiB: send only the lab's editable files.`),
    }),
    async (c) => {
      const learner = c.get('apiLearner');
      const { db, dispatch } = c.get('options');
      const body = await c.req.json().catch(() => undefined);
      if (!body || typeof body !== 'object' || typeof body.lab !== 'string' || !body.files || typeof body.files !== 'object' || Array.isArray(body.files)) {
        return problem(c, 400, 'Malformed submission', 'Send JSON: { "lab": "<lab id>", "files": { "<path>": "<content>" } }.');
      }
      const lab = findLab(body.lab);
      if (!lab) return problem(c, 422, 'Unknown lab', `There is no lab "${body.lab}". Run \`npx operable list\` to see the lab ids.`);
      const files = new Map<string, string>();
      for (const [path, content] of Object.entries(body.files as Record<string, unknown>)) {
        if (!lab.manifest.editableFiles.includes(path)) {
          return problem(c, 422, 'Not an editable file', `${path} is not one of ${lab.manifest.id}'s editable files (${lab.manifest.editableFiles.join(', ')}).`);
        }
        if (typeof content !== 'string') return problem(c, 400, 'Malformed submission', `The content of ${path} must be a string.`);
        if (Buffer.byteLength(content) > MAX_EDITABLE_FILE_BYTES) {
          return problem(c, 413, 'File too large', `${path} is ${Math.round(Buffer.byteLength(content) / 1024)} KiB; a lab file may be at most ${MAX_EDITABLE_FILE_BYTES / 1024} KiB.`);
        }
        files.set(path, content);
      }
      if (files.size === 0) return problem(c, 422, 'No files', `Send at least one of ${lab.manifest.id}'s editable files (${lab.manifest.editableFiles.join(', ')}).`);
      const assignment = (await assignmentsOf(db, learner.cohortId)).find((candidate) => candidate.lab === lab.manifest.id);
      if (!assignment) return problem(c, 403, 'Lab not assigned', `${lab.manifest.id} is not assigned in your cohort, so it is not graded there. Check the lab id, or ask your instructor.`);
      const now = Date.now();
      const late = isLate(assignment, now);
      if (late && assignment.latePolicy === 'refuse') {
        return problem(c, 403, 'Past the deadline', `The deadline for ${lab.manifest.id} was ${new Date(assignment.deadline!).toISOString()}, and this cohort does not accept late work. Talk to your instructor.`, { deadline: new Date(assignment.deadline!).toISOString() });
      }
      // Counted in the database, so the limit holds however many servers share it.
      if ((await recentSubmissionCount(db, learner.id, 60_000)) >= SUBMISSIONS_PER_MINUTE) {
        c.header('Retry-After', '60');
        return problem(c, 429, 'Too many submissions', `At most ${SUBMISSIONS_PER_MINUTE} submissions a minute. Wait a minute, then submit again; your latest one is the one that counts.`);
      }
      const { submission, jobId } = await storeSubmission(db, {
        learnerId: learner.id,
        lab: lab.manifest.id,
        files,
        late,
        source: c.req.header('x-operable-client') === 'cli' ? 'cli' : 'workspace',
        checksVersion: checksVersion(lab),
      });
      await dispatch.dispatched([jobId]);
      const statusUrl = `${publicBase(c)}/api/v1/submissions/${submission.id}`;
      c.header('Location', statusUrl);
      return c.json({ id: submission.id, lab: lab.manifest.id, status: 'queued', late, url: `${publicBase(c)}/me/submissions/${submission.id}`, statusUrl }, 202);
    },
  );

  api.get('/submissions/:id', async (c) => {
    const learner = c.get('apiLearner');
    const { db } = c.get('options');
    const submission = await submissionById(db, c.req.param('id'));
    const state = submission && submission.learnerId === learner.id ? await submissionState(db, submission.id) : undefined;
    if (!submission || !state) return problem(c, 404, 'No such submission', 'You have no submission with this id.');
    return c.json(await describeSubmission(db, state, submission.late));
  });

  api.notFound((c) => problem(c, 404, 'Not found', 'The submission API has /api/v1/me, /api/v1/submissions and /api/v1/submissions/:id.'));
  return api;
}
