/**
 * @module
 * Monaco's TypeScript worker, started once the workspace's plain editor has painted (main.ts) or as the
 * editor's chunk begins to run (start-typescript-worker.ts), whichever comes first: its script (the
 * TypeScript compiler) then compiles on its own thread while the page loads and runs Monaco's modules,
 * instead of after them. Monaco takes this worker when its TypeScript support starts (see
 * monaco.ts); typescript.worker.ts is Monaco's own, checking the file on screen first.
 */

// Vite bundles the worker from this pattern.
const createWorker = () => new Worker(new URL('./typescript.worker.ts', import.meta.url), { type: 'module' });

let started: Worker | undefined;

/** Starts the worker now, if it is not started yet. */
export function startTypeScriptWorker(): void {
  started ??= createWorker();
}

/** The worker started early, the first time; a new one after that (Monaco stops an idle worker and asks again). */
export function takeTypeScriptWorker(): Worker {
  const worker = started ?? createWorker();
  started = undefined;
  return worker;
}
