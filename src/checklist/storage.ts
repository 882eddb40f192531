/**
 * @module
 * The interactive checklist's saved state: which items are ticked, and the service they are ticked for,
 * in the browser's localStorage under one namespaced, versioned key. A value from another version, or one
 * that does not parse, reads as an empty checklist rather than breaking the page.
 */

export const STORAGE_KEY = 'operable:checklist:v1';

export interface ChecklistState {
  /** The service the items are ticked for, as the learner names it. */
  service: string;
  /** Ids of the ticked items. */
  checked: string[];
}

interface Saved extends ChecklistState {
  version: 1;
}

export const emptyState = (): ChecklistState => ({ service: '', checked: [] });

/** The saved state, keeping only ids the page still knows; empty when nothing valid is saved. */
export function loadState(storage: Pick<Storage, 'getItem'>, knownIds: ReadonlySet<string>): ChecklistState {
  let saved: Partial<Saved> | null = null;
  try {
    saved = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as Partial<Saved> | null;
  } catch {
    return emptyState();
  }
  if (!saved || saved.version !== 1) return emptyState();
  const checked = Array.isArray(saved.checked) ? saved.checked.filter((id): id is string => typeof id === 'string' && knownIds.has(id)) : [];
  return { service: typeof saved.service === 'string' ? saved.service.slice(0, 200) : '', checked: [...new Set(checked)] };
}

/** Saves the state; a browser that refuses (private mode, quota) keeps the ticks for this visit only. */
export function saveState(storage: Pick<Storage, 'setItem'>, state: ChecklistState): boolean {
  const saved: Saved = { version: 1, service: state.service, checked: state.checked };
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(saved));
    return true;
  } catch {
    return false;
  }
}

export function clearState(storage: Pick<Storage, 'removeItem'>): void {
  try {
    storage.removeItem(STORAGE_KEY);
  } catch {
    // nothing saved, nothing to clear
  }
}
