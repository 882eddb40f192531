/**
 * @module
 * "Submit to cohort": a dialog that asks once for the cohort server's address and the learner's
 * personal token (confirmed with `GET /api/v1/me`, then remembered), sends the lab's editable files as
 * the editor holds them, and follows the grading (queued → grading → graded / not graded) with a link
 * to the learner's page. Loaded on the button's first click, never with the lesson or the workspace.
 */
import { CohortClient, CohortProblem, CohortUnreachable, cohortBaseUrl, type Me, type SubmissionState } from '../../cohort/client/index.ts';
import { h } from '../dom.ts';
import { forgetCohort, loadSavedCohort, saveCohort, type SavedCohort } from './saved-cohort.ts';
import styles from './cohort-dialog.css?raw';

export interface CohortDialogOptions {
  labId: string;
  labTitle: string;
  /** The lab's editable files as the editor holds them now (path → content). */
  files: () => Record<string, string>;
  /** Where focus returns when the dialog closes. */
  opener: HTMLElement;
}

export interface CohortDialog {
  open(): void;
}

function injectStyles(): void {
  if (document.querySelector('style[data-cohort-dialog]')) return;
  document.head.append(h('style', { 'data-cohort-dialog': true }, styles));
}

/** An error of the cohort API as the learner reads it: the problem's title, then what to do. */
function describeError(error: unknown): { title: string; detail: string } {
  if (error instanceof CohortProblem) {
    const at = error.retryAfterSeconds === undefined ? undefined : new Date(Date.now() + error.retryAfterSeconds * 1000).toLocaleTimeString();
    const wait = error.status === 429 && at ? ` You can submit again at ${at}.` : '';
    return { title: error.title, detail: `${error.detail}${wait}` };
  }
  if (error instanceof CohortUnreachable) {
    return {
      title: 'The cohort server did not answer',
      detail: `Nothing answered at ${error.url}${error.reason === 'no answer' ? '' : ` (${error.reason})`}. Check the address your instructor gave you; the cohort server must also accept requests from this site (${location.origin}).`,
    };
  }
  if (error instanceof TypeError) return { title: 'Not a cohort address', detail: error.message };
  return { title: 'Something went wrong', detail: (error as Error).message };
}

function statusText(state: SubmissionState): string {
  const late = state.late ? ' (late)' : '';
  switch (state.status) {
    case 'queued':
      return `Queued${late}: waiting for a grader…`;
    case 'grading':
      return `Grading${late}: the checks are running…`;
    case 'graded': {
      const report = state.report;
      if (!report) return `Graded${late}.`;
      const failed = report.checks.filter((check) => !check.passed && !check.skipped).length;
      const verdict = report.passed ? 'Every check passes.' : `${failed} of ${report.checks.length} checks fail.`;
      return `Graded${late}: ${report.score}/${report.maxScore} points. ${verdict}`;
    }
    case 'not-graded':
      return `Not graded: ${state.reason ?? 'the grader could not run'}. This is not a zero: the cohort server will grade it again.`;
  }
}

const deadlineText = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function createCohortDialog({ labId, labTitle, files, opener }: CohortDialogOptions): CohortDialog {
  injectStyles();
  let saved = loadSavedCohort();
  let following: AbortController | undefined;

  // ── asking for the cohort ──
  const urlInput = h('input', { type: 'url', id: 'cohort-url', name: 'url', required: true, autocomplete: 'url', placeholder: 'https://cohort.example.edu', spellcheck: 'false' });
  const tokenInput = h('input', { type: 'password', id: 'cohort-token', name: 'token', required: true, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'cohort-token-help' });
  const connectButton = h('button', { type: 'submit', class: 'button' }, 'Connect');
  const connectForm = h(
    'form',
    { class: 'cohort-connect' },
    h('p', {}, 'Your instructor gives you the cohort server’s address. Your personal token is on your page there, opened with your join link.'),
    h('label', { for: 'cohort-url' }, 'Cohort server address'),
    urlInput,
    h('label', { for: 'cohort-token' }, 'Personal token'),
    tokenInput,
    h('p', { id: 'cohort-token-help', class: 'muted small' }, 'Kept in this browser only, and sent only to this cohort server.'),
    h('div', { class: 'cohort-actions' }, connectButton, h('button', { type: 'button', class: 'button secondary', onclick: () => dialog.close() }, 'Cancel')),
  );

  // ── connected: submit and follow ──
  const who = h('p', {});
  const assignment = h('p', { class: 'small' });
  const fileList = h('p', { class: 'small' });
  const submitButton = h('button', { type: 'button', class: 'button' }, `Submit ${labId}`);
  const forgetButton = h('button', { type: 'button', class: 'button secondary' }, 'Forget this cohort');
  const progress = h('p', { class: 'cohort-progress', role: 'status' });
  const pageLink = h('a', { target: '_blank', rel: 'noopener' }, 'Open your submission on the cohort’s page');
  const pageLinkRow = h('p', { hidden: true }, pageLink);
  const connected = h(
    'section',
    { class: 'cohort-connected', 'aria-label': 'Your cohort' },
    who,
    assignment,
    fileList,
    h('div', { class: 'cohort-actions' }, submitButton, forgetButton, h('button', { type: 'button', class: 'button secondary', onclick: () => dialog.close() }, 'Close')),
    progress,
    pageLinkRow,
  );

  const problem = h('div', { class: 'cohort-problem', role: 'alert' });
  const dialog = h(
    'dialog',
    { class: 'cohort-dialog', 'aria-labelledby': 'cohort-title' },
    h('h2', { id: 'cohort-title' }, 'Submit to your cohort'),
    h('p', { class: 'muted small' }, `Lab ${labId}: ${labTitle}`),
    connectForm,
    connected,
    problem,
  );
  // In the body, not the lab pane: the pane takes Escape to mean "back to the lesson".
  document.body.append(dialog);
  dialog.addEventListener('close', () => opener.focus());

  const showProblem = (error: unknown) => {
    const { title, detail } = describeError(error);
    problem.replaceChildren(h('strong', {}, title), h('p', {}, detail));
  };
  const clearProblem = () => problem.replaceChildren();

  const showAssignment = (me: Pick<Me, 'assignments' | 'cohort'> | undefined) => {
    const assigned = me?.assignments.find((a) => a.lab === labId);
    if (!me) assignment.replaceChildren();
    else if (!assigned) assignment.replaceChildren(`This lab is not assigned in ${me.cohort.name}: the cohort server will refuse it.`);
    else if (!assigned.deadline) assignment.replaceChildren('No deadline.');
    else {
      assignment.replaceChildren(
        'Deadline: ',
        h('time', { datetime: assigned.deadline }, deadlineText(assigned.deadline)),
        Date.parse(assigned.deadline) < Date.now() ? ', passed' : '',
        ` (late submissions: ${assigned.latePolicy}).`,
      );
    }
  };

  const render = () => {
    connectForm.hidden = saved !== undefined;
    connected.hidden = saved === undefined;
    if (!saved) return;
    who.replaceChildren('Signed in as ', h('strong', {}, saved.learner.name), ` (${saved.learner.email}) in `, h('strong', {}, saved.cohort.name), ` at ${saved.url}`);
    fileList.replaceChildren(`Sends ${Object.keys(files()).join(', ')} as the editor holds them now.`);
  };

  const client = (cohort: Pick<SavedCohort, 'url' | 'token'>) => new CohortClient({ baseUrl: cohort.url, token: cohort.token });

  connectForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblem();
    connectButton.disabled = true;
    try {
      const url = cohortBaseUrl(urlInput.value).href;
      const token = tokenInput.value.trim();
      const me = await client({ url, token }).me();
      saved = { url, token, learner: me.learner, cohort: me.cohort };
      saveCohort(saved);
      tokenInput.value = '';
      render();
      showAssignment(me);
      submitButton.focus();
    } catch (error) {
      showProblem(error);
      (error instanceof CohortProblem && error.status === 401 ? tokenInput : urlInput).focus();
    } finally {
      connectButton.disabled = false;
    }
  });

  forgetButton.addEventListener('click', () => {
    following?.abort(new Error('forgotten'));
    forgetCohort();
    urlInput.value = saved?.url ?? '';
    saved = undefined;
    clearProblem();
    progress.replaceChildren();
    pageLinkRow.hidden = true;
    showAssignment(undefined);
    render();
    tokenInput.focus();
  });

  // Marked busy, not disabled, while sending: a disabled button would drop the keyboard focus.
  const setSending = (sending: boolean) => submitButton.setAttribute('aria-disabled', String(sending));
  submitButton.addEventListener('click', async () => {
    if (!saved || submitButton.getAttribute('aria-disabled') === 'true') return;
    clearProblem();
    following?.abort(new Error('superseded'));
    const follow = (following = new AbortController());
    setSending(true);
    progress.textContent = 'Sending…';
    pageLinkRow.hidden = true;
    const cohort = client(saved);
    try {
      const accepted = await cohort.submit(labId, files());
      pageLink.href = accepted.url;
      pageLinkRow.hidden = false;
      progress.textContent = statusText({ ...accepted, createdAt: '' });
      setSending(false);
      const final = await cohort.waitForGrading(accepted, { signal: follow.signal, onStatus: (state) => (progress.textContent = statusText(state)) });
      progress.textContent = statusText(final);
    } catch (error) {
      if (follow.signal.aborted) return;
      progress.replaceChildren();
      showProblem(error);
    } finally {
      if (following === follow) setSending(false);
    }
  });

  /** Who the saved token belongs to now, and this lab's deadline; a token the server forgot is said so. */
  const refresh = async () => {
    if (!saved) return;
    try {
      const me = await client(saved).me();
      saved = { ...saved, learner: me.learner, cohort: me.cohort };
      saveCohort(saved);
      render();
      showAssignment(me);
    } catch (error) {
      showProblem(error);
    }
  };

  return {
    open() {
      render();
      if (!dialog.open) dialog.showModal();
      if (saved) {
        submitButton.focus();
        void refresh();
      } else {
        (urlInput.value ? tokenInput : urlInput).focus();
      }
    },
  };
}
