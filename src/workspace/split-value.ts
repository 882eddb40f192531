/**
 * @module
 * The arithmetic of a window splitter, apart from the DOM so it can be tested alone: a split is the
 * percentage of its container the primary pane gets, kept within bounds, moved by keys as the
 * WAI-ARIA window splitter pattern says.
 */

export interface SplitBounds {
  /** Smallest percentage the primary pane may get. */
  min: number;
  /** Largest percentage the primary pane may get. */
  max: number;
  /** How far one arrow key moves the splitter, in percent. */
  step: number;
}

/** `value` within the bounds, rounded to a tenth; anything not a number becomes `fallback`. */
export function clampSplit(value: number, bounds: SplitBounds, fallback: number): number {
  const number = Number.isFinite(value) ? value : fallback;
  return Math.round(Math.min(bounds.max, Math.max(bounds.min, number)) * 10) / 10;
}

/**
 * The split after a key press, or undefined when the key is not the splitter's. Left/Up shrink the
 * primary pane, Right/Down grow it, Home/End go to the bounds, and Enter collapses the primary pane
 * to its minimum or, when it is there, restores `previous`.
 *
 * @example keyedSplit('ArrowRight', 40, 40, { min: 20, max: 80, step: 5 }) // 45
 */
export function keyedSplit(key: string, value: number, previous: number, bounds: SplitBounds): number | undefined {
  const next: Record<string, number> = {
    ArrowLeft: value - bounds.step,
    ArrowUp: value - bounds.step,
    ArrowRight: value + bounds.step,
    ArrowDown: value + bounds.step,
    Home: bounds.min,
    End: bounds.max,
    Enter: value > bounds.min ? bounds.min : previous,
  };
  return key in next ? clampSplit(next[key]!, bounds, value) : undefined;
}

/** The split that puts the splitter at `pointer` (a clientX or clientY) in a container spanning `start`…`start + size`. */
export function pointerSplit(pointer: number, start: number, size: number, bounds: SplitBounds, current: number): number {
  return size > 0 ? clampSplit(((pointer - start) / size) * 100, bounds, current) : current;
}
