/**
 * @module
 * What the workspace fetches when a lab opens (`/labs/<id>.json`, built with the site): the manifest,
 * the starter's files (editable ones marked) and the reference versions of the editable files.
 */
import type { LabManifest } from '../engine/lab.ts';

export interface LabFile {
  path: string;
  content: string;
  editable: boolean;
  /** A file for running the service by hand (.env, config/production.json): saved, never graded. */
  scratch?: boolean;
}

export interface LabData {
  manifest: LabManifest;
  files: LabFile[];
  /** path → reference content, for "Reveal solution" */
  solution: Record<string, string>;
  /** The lab's checks, listed as pending while they run. */
  checks: Array<{ id: string; title: string; points: number }>;
}

/** A `.d.ts` file for the editor's TypeScript service: path as under node_modules. */
export interface TypeLibrary {
  path: string;
  content: string;
}
