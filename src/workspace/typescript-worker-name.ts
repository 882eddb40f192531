/**
 * @module
 * The TypeScript worker's name carries the lab it warms up (typescript-warm-up.ts): a name is there when
 * the worker's script starts, where a message posted at the click would wait for the page's thread, busy
 * loading the editor, to pass it on. Its own module, so the lesson page's script stays small.
 */
const NAME_PREFIX = 'operable-typescript:';
export const workerNameFor = (labId: string) => NAME_PREFIX + labId;
export const labIdOfWorkerName = (name: string): string | undefined => (name.startsWith(NAME_PREFIX) ? name.slice(NAME_PREFIX.length) || undefined : undefined);

