/**
 * @module
 * The learner's work, saved in the browser per lab, so it survives reloads.
 */
const key = (labId: string) => `operable:lab:${labId}:files`;

export function loadSavedFiles(labId: string): Record<string, string> | undefined {
  try {
    const saved = localStorage.getItem(key(labId));
    return saved ? (JSON.parse(saved) as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}

export function saveFiles(labId: string, files: Record<string, string>): void {
  localStorage.setItem(key(labId), JSON.stringify(files));
}

export function forgetFiles(labId: string): void {
  localStorage.removeItem(key(labId));
}
