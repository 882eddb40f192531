/**
 * @module
 * Monaco's TypeScript support starts its worker through `internal/common/workers.js`, which also
 * imports every editor contribution Monaco has (sticky scroll, inline completions, colour pickers, …):
 * ~500 KB of script parsed and run on the page when the first TypeScript file opens, just before
 * its first diagnostic, for features this editor does not use. The build points Monaco's worker
 * manager here instead (src/build/monaco-patches.ts): the same worker start, without those imports.
 */
import { editor } from 'monaco-editor/editor';

interface WorkerOptions {
  label?: string;
  createData?: unknown;
  host?: Record<string, Function>;
  keepIdleModels?: boolean;
}

type MonacoEnvironment = { getWorker(workerId: string, label: string): Worker | Promise<Worker> };

/** As Monaco's own: the page's worker for `label`, handed its create data once it is running. */
export function createWebWorker<T extends object>(options: WorkerOptions) {
  const environment = (globalThis as { MonacoEnvironment?: MonacoEnvironment }).MonacoEnvironment;
  if (!environment) throw new Error('MonacoEnvironment.getWorker is not set: src/workspace/monaco.ts sets it before any editor starts.');
  const worker = Promise.resolve(environment.getWorker('workerMain.js', options.label ?? 'monaco-editor-worker')).then((started) => {
    // Monaco's worker protocol: a first message it ignores, then the data its create() receives.
    started.postMessage('ignore');
    started.postMessage(options.createData);
    return started;
  });
  return editor.createWebWorker<T>({ worker, host: options.host, keepIdleModels: options.keepIdleModels });
}
