/**
 * @module
 * A resizable split between two panes, as the WAI-ARIA window splitter pattern describes it: a
 * focusable `role="separator"` whose value is the primary pane's share of the container, moved with
 * the arrow keys, Home/End, Enter (collapse and restore), or dragged with a pointer (double-click
 * restores the default). The size is a CSS custom property on the container, so the layout stays in
 * CSS, and it is remembered in localStorage.
 */
import { clampSplit, keyedSplit, pointerSplit, type SplitBounds } from './split-value.ts';

export interface SplitterOptions extends SplitBounds {
  /** `vertical`: a bar between side-by-side panes; `horizontal`: between stacked panes. */
  orientation: 'vertical' | 'horizontal';
  /** What the separator resizes, read by screen readers, e.g. "Resize the lesson and the lab". */
  label: string;
  /** The pane whose share the value is: left of a vertical bar, above a horizontal one. */
  primary: HTMLElement;
  /** The element both panes share, whose width (or height) is 100 %. */
  container: HTMLElement;
  /** The custom property set on the container, e.g. `--lesson-size`, read by its grid. */
  property: string;
  /** The localStorage key the share is kept under. */
  storageKey: string;
  /** The share before the learner moves it. */
  initial: number;
}

function readStored(key: string): number {
  try {
    return Number.parseFloat(localStorage.getItem(key) ?? '');
  } catch {
    return Number.NaN; // storage blocked: the default it is
  }
}

function store(key: string, value: number): void {
  try {
    localStorage.setItem(key, String(value));
  } catch {
    // storage blocked or full: the split still works, it is only not remembered
  }
}

/**
 * Creates the separator element (the caller places it between the panes) and applies the remembered
 * split to the container.
 *
 * @example
 * const bar = createSplitter({ orientation: 'horizontal', label: 'Resize the editor and the panels',
 *   primary: code, container: split, property: '--editor-size', storageKey: 'operable:layout:editor',
 *   initial: 60, min: 15, max: 85, step: 5 });
 * split.insertBefore(bar, output);
 */
export function createSplitter(options: SplitterOptions): HTMLElement {
  const { orientation, container, property, storageKey } = options;
  const separator = document.createElement('div');
  separator.className = `splitter ${orientation}`;
  separator.setAttribute('role', 'separator');
  separator.setAttribute('tabindex', '0');
  separator.setAttribute('aria-orientation', orientation);
  separator.setAttribute('aria-label', options.label);
  separator.setAttribute('aria-valuemin', String(options.min));
  separator.setAttribute('aria-valuemax', String(options.max));
  if (!options.primary.id) options.primary.id = `${storageKey.replace(/\W+/g, '-')}-pane`;
  separator.setAttribute('aria-controls', options.primary.id);

  let value = clampSplit(readStored(storageKey), options, options.initial);
  let beforeCollapse = value > options.min ? value : options.initial;
  const apply = (next: number, remember: boolean) => {
    if (next > options.min) beforeCollapse = next;
    value = next;
    container.style.setProperty(property, `${value}%`);
    separator.setAttribute('aria-valuenow', String(Math.round(value)));
    if (remember) store(storageKey, value);
  };
  apply(value, false);

  separator.addEventListener('keydown', (event) => {
    const next = keyedSplit(event.key, value, beforeCollapse, options);
    if (next === undefined) return;
    event.preventDefault();
    apply(next, true);
  });
  separator.addEventListener('dblclick', () => apply(options.initial, true));

  separator.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault(); // no text selection while dragging, which also keeps focus where it was: put it here
    separator.focus({ preventScroll: true });
    separator.setPointerCapture(event.pointerId);
    separator.classList.add('dragging');
    const move = (moved: PointerEvent) => {
      const box = container.getBoundingClientRect();
      const next =
        orientation === 'vertical'
          ? pointerSplit(moved.clientX, box.left, box.width, options, value)
          : pointerSplit(moved.clientY, box.top, box.height, options, value);
      apply(next, false);
    };
    const end = () => {
      separator.removeEventListener('pointermove', move);
      separator.classList.remove('dragging');
      store(storageKey, value);
    };
    separator.addEventListener('pointermove', move);
    separator.addEventListener('lostpointercapture', end, { once: true });
  });
  return separator;
}
