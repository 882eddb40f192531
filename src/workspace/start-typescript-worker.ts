/**
 * @module
 * Starts the editor's TypeScript worker as the editor's chunk begins to run: imported first by
 * editor.ts, so it runs before Monaco's modules. Not at the click: on a 2-core machine the worker's
 * compile (the TypeScript compiler, ~4 MB) then competed with the page's download and compile of
 * Monaco. From here it compiles while the page runs Monaco's modules, and is ready when Monaco asks.
 */
import { startTypeScriptWorker } from './typescript-worker.ts';

startTypeScriptWorker();
