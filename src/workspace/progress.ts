/**
 * @module
 * What the browser remembers of a learner's progress: per lab, the last score of Run checks.
 */
const KEY = 'operable:progress';

export interface LabProgress {
  score: number;
  maxScore: number;
  passed: boolean;
  at: string;
}

export function readProgress(): Record<string, LabProgress> {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, LabProgress>;
  } catch {
    return {};
  }
}

export function recordProgress(lab: string, progress: Omit<LabProgress, 'at'>): void {
  const all = readProgress();
  // Once passed, a lab stays passed: a later experiment that breaks it is not a regression in the course.
  const passed = progress.passed || all[lab]?.passed === true;
  all[lab] = { ...progress, passed, at: new Date().toISOString() };
  localStorage.setItem(KEY, JSON.stringify(all));
}
