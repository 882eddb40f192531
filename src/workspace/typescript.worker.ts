/**
 * @module
 * The editor's TypeScript worker: Monaco's own, started as its ts.worker.js starts it, answering the
 * file on screen first when the lab opens (typescript-check-order.ts).
 */
import { initialize } from 'monaco-editor/internal/common/initialize';
import { create, type CreateData } from 'monaco-editor/languages/features/typescript/tsWorker';
import { checkShownFileFirst } from './typescript-check-order.ts';

self.onmessage = () => {
  initialize((ctx, createData) => checkShownFileFirst(create(ctx, createData as CreateData)));
};
