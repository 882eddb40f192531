/**
 * @module
 * Monaco's TypeScript worker, started the moment the lab opens: its script (the TypeScript compiler)
 * then loads and compiles on its own thread while the editor loads on the page's, instead of after it.
 * Monaco takes this worker when its TypeScript support starts (see monaco.ts); typescript.worker.ts
 * is Monaco's own, checking the file on screen first.
 */
import { workerNameFor } from './typescript-worker-name.ts';

// Vite bundles the worker from this pattern; the name is the DOM's WorkerOptions.name.
const createWorker = (name?: string) => new Worker(new URL('./typescript.worker.ts', import.meta.url), { type: 'module', name });

let started: Worker | undefined;

/** Starts the worker now, if it is not started yet, and has it build `labId`'s program meanwhile. */
export function startTypeScriptWorker(labId: string): void {
  if (started) return;
  started = createWorker(workerNameFor(labId));
}

/** The worker started early, the first time; a new one after that (Monaco stops an idle worker and asks again). */
export function takeTypeScriptWorker(): Worker {
  const worker = started ?? createWorker();
  started = undefined;
  return worker;
}
