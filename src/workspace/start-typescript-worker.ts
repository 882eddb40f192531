/**
 * @module
 * Starts the editor's TypeScript worker as the editor's chunk begins to run, if the workspace has not
 * started it yet (it does once the plain editor has painted, main.ts): imported first by editor.ts, so
 * it runs before Monaco's modules. Either way the worker compiles (the TypeScript compiler, ~4 MB) while
 * the page runs Monaco's modules, and is ready about when Monaco asks. Not at the click: on a 2-core
 * machine it then delayed the workspace's first paint.
 */
import { startTypeScriptWorker } from './typescript-worker.ts';

startTypeScriptWorker();
