/**
 * @module
 * The order the editor's TypeScript worker answers Monaco's first checks in. When the lab opens, Monaco
 * asks for every file's diagnostics at once and the worker answers them in turn, so a first edit made
 * meanwhile was checked only after the whole lab (a few hundred ms more, over a second on a busy
 * machine). Here the file asked about first, the one on screen, is checked at once and the others'
 * type checks wait a moment: an edit made meanwhile is checked before them, and their errors still
 * reach their tabs.
 */
type Check = (fileName: string) => Promise<unknown[]>;

export interface DiagnosticsWorker {
  getScriptFileNames(): string[];
  getSemanticDiagnostics: Check;
  getSuggestionDiagnostics: Check;
}

/** How long after the first check of the file on screen the other files' type checks wait. */
export const OTHER_FILES_WAIT_MS = 1000;

export function checkShownFileFirst<T extends DiagnosticsWorker>(worker: T, waitMs = OTHER_FILES_WAIT_MS): T {
  let shown: string | undefined;
  let othersFrom = 0;
  const shownFirst =
    (check: Check): Check =>
    (fileName) => {
      if (shown === undefined) {
        shown = fileName;
        // The check does its work before it returns (the first one builds the whole program): the wait
        // starts when it is done.
        const result = check(fileName);
        othersFrom = Date.now() + waitMs;
        return result;
      }
      const wait = othersFrom - Date.now();
      if (fileName === shown || wait <= 0) return check(fileName);
      // Waiting here frees the worker: the requests queued behind this one (an edit's check) run first.
      // A file gone meanwhile (the solution's, when its diff is closed) has nothing left to check.
      return new Promise((resolve) => setTimeout(resolve, wait)).then(() => (worker.getScriptFileNames().includes(fileName) ? check(fileName) : []));
    };
  // Syntax checks stay in order: they only parse the file, which the first check does for all of them.
  worker.getSemanticDiagnostics = shownFirst(worker.getSemanticDiagnostics.bind(worker));
  worker.getSuggestionDiagnostics = shownFirst(worker.getSuggestionDiagnostics.bind(worker));
  return worker;
}
