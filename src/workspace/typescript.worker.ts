/**
 * @module
 * The editor's TypeScript worker: Monaco's own, started as its ts.worker.js starts it, with two
 * changes. When the page names the lab that opens, the worker builds that lab's program before Monaco
 * asks (typescript-warm-up.ts); and it answers the file on screen first (typescript-check-order.ts).
 */
import { initialize } from 'monaco-editor/internal/common/initialize';
import { create, type CreateData } from 'monaco-editor/languages/features/typescript/tsWorker';
import { checkShownFileFirst } from './typescript-check-order.ts';
import { type MonacoCreateData, WarmUp, type WorkerContext } from './typescript-warm-up.ts';
import { labIdOfWorkerName } from './typescript-worker-name.ts';

const warmUp = new WarmUp(
  (ctx: WorkerContext, createData: MonacoCreateData) => create(ctx as never, createData as unknown as CreateData),
  async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return response.json();
  },
);

const labId = labIdOfWorkerName(self.name);
if (labId) void warmUp.start(labId);

self.onmessage = () => {
  // Monaco's first message: from here on its protocol owns the worker.
  initialize((ctx, createData) => checkShownFileFirst(warmUp.take(ctx as unknown as WorkerContext, createData as MonacoCreateData)));
};
