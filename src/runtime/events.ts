/**
 * @module
 * What a lab runtime tells the workspace about the service it runs. Shared by the Operable server
 * (which produces them) and the browser (which shows them).
 */
export type RuntimeEvent =
  | { type: 'starting' }
  | { type: 'started'; port: number }
  | { type: 'start-failed'; message: string }
  | { type: 'line'; stream: 'stdout' | 'stderr'; text: string; atMs: number }
  | { type: 'exit'; code: number | null; signal: string | null; atMs: number }
  | { type: 'stopped'; reason: string }
  | { type: 'fake'; name: string; mode: 'up' | 'down' | 'slow' | 'hanging' };
