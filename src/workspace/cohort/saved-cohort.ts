/**
 * @module
 * The cohort a learner joined, remembered in this browser once confirmed (address, personal token, and
 * who the server said they are), for every lab. The key is versioned so a later shape can move on.
 */
import type { Me } from '../../cohort/client/index.ts';

export const SAVED_COHORT_KEY = 'operable:cohort:v1';

export interface SavedCohort {
  /** The cohort server's base address (normalised by `cohortBaseUrl`). */
  url: string;
  token: string;
  learner: Me['learner'];
  cohort: Me['cohort'];
}

export function loadSavedCohort(): SavedCohort | undefined {
  try {
    const saved = JSON.parse(localStorage.getItem(SAVED_COHORT_KEY) ?? 'null') as Partial<SavedCohort> | null;
    if (typeof saved?.url !== 'string' || typeof saved.token !== 'string' || !saved.learner || !saved.cohort) return undefined;
    return saved as SavedCohort;
  } catch {
    return undefined;
  }
}

export function saveCohort(saved: SavedCohort): void {
  localStorage.setItem(SAVED_COHORT_KEY, JSON.stringify(saved));
}

export function forgetCohort(): void {
  localStorage.removeItem(SAVED_COHORT_KEY);
}
