/**
 * @module
 * Monaco's TypeScript worker, started the moment the lab opens: its script (the TypeScript compiler)
 * then loads and compiles on its own thread while the editor loads on the page's, instead of after it.
 * Monaco takes this worker when its TypeScript support starts (see monaco.ts); typescript.worker.ts
 * is Monaco's own, checking the file on screen first. Imported by the lesson page's script, so small.
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
