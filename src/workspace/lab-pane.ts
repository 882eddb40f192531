/**
 * @module
 * Opens the lab workspace beside the lesson or, on a narrow screen, over it, and back, keeping the
 * learner's place in the lesson both ways. Part of the lesson page's own script, so it stays small:
 * the workspace itself (and the splitter between it and the lesson) loads on the first click.
 */

/** Where the lab fits beside the lesson; the lesson page's CSS uses the same width. */
const BESIDE_THE_LESSON = '(width >= 70rem)';

export type LoadWorkspace = (host: HTMLElement, labId: string) => Promise<void>;

export function setUpLabPane(pane: HTMLElement | null, load: LoadWorkspace): void {
  if (!pane) return;
  const host = pane.querySelector<HTMLElement>('.workspace-host')!;
  const layout = pane.parentElement!;
  const lesson = layout.querySelector<HTMLElement>('article')!;
  const openButtons = [...document.querySelectorAll<HTMLButtonElement>('button.open-lab')];
  const beside = matchMedia(BESIDE_THE_LESSON);
  let loading: Promise<void> | undefined;
  let opener: HTMLButtonElement | undefined;
  let lessonScroll = 0;

  const show = (button: HTMLButtonElement) => {
    opener = button;
    if (!pane.hidden) return;
    lessonScroll = scrollY;
    const before = button.getBoundingClientRect().top;
    pane.hidden = false;
    document.body.classList.add('lab-open');
    // Beside the lab the lesson scrolls in its own box: keep the button the learner clicked where it was.
    if (beside.matches) lesson.scrollTop += button.getBoundingClientRect().top - before;
  };
  /** Back to the lesson (over it only: beside it, the lesson is already there). */
  const hide = (returnToPlace: boolean) => {
    if (pane.hidden || beside.matches) return;
    pane.hidden = true;
    document.body.classList.remove('lab-open');
    if (!returnToPlace) return;
    scrollTo({ top: lessonScroll, behavior: 'instant' });
    opener?.focus({ preventScroll: true });
  };

  pane.querySelector('.lab-back')!.addEventListener('click', () => hide(true));
  pane.addEventListener('keydown', (event) => {
    // Escape the editor or a menu used first has already been handled (and its default prevented).
    if (event.key === 'Escape' && !event.defaultPrevented) hide(true);
  });
  pane.addEventListener('click', (event) => {
    // A link to a section of the lesson (a check's hint) shows the lesson there.
    if ((event.target as Element).closest('a[href^="#"]')) hide(false);
  });

  const startLoading = (button: HTMLButtonElement) => {
    openButtons.forEach((b) => (b.disabled = true));
    host.innerHTML = '<p class="workspace-loading" role="status">Loading the lab workspace…</p>';
    return Promise.all([load(host, button.dataset.lab!), addLessonSplitter(layout, lesson, pane)])
      .then(() => undefined)
      .catch((error: Error) => {
        const message = document.createElement('p');
        message.setAttribute('role', 'alert');
        message.textContent = `The workspace could not load: ${error.message}. Reload the page to try again.`;
        host.replaceChildren(message);
      })
      .finally(() => openButtons.forEach((b) => (b.disabled = false)));
  };
  const open = async (button: HTMLButtonElement) => {
    if (loading) {
      show(button);
      await loading;
      pane.querySelector<HTMLElement>('[data-autofocus]')?.focus();
      return;
    }
    // Downloads first: showing the pane lays the whole lesson out again, which they need not wait for.
    loading = startLoading(button);
    show(button);
    await loading;
  };
  for (const button of openButtons) button.addEventListener('click', () => void open(button));
}

async function addLessonSplitter(layout: HTMLElement, lesson: HTMLElement, pane: HTMLElement): Promise<void> {
  const { createSplitter } = await import('./splitter.ts');
  const splitter = createSplitter({
    orientation: 'vertical',
    label: 'Resize the lesson and the lab',
    primary: lesson,
    container: layout,
    property: '--lesson-size',
    storageKey: 'operable:layout:lesson-width',
    initial: 34,
    min: 20,
    max: 65,
    step: 5,
  });
  splitter.classList.add('lesson-splitter');
  layout.insertBefore(splitter, pane);
}
