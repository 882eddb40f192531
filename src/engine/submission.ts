/**
 * @module
 * A submission is the lab's starter with the learner's versions of the editable files laid over it,
 * held in memory as path → content so any host (disk, browser, WebContainer) can write it out.
 */
import type { LabManifest } from './lab.ts';

/** Relative POSIX path → file content. */
export type SubmissionFiles = Map<string, string>;

/** Largest editable file accepted; a lab file is a few KB, so this only stops accidents and abuse. */
export const MAX_EDITABLE_FILE_BYTES = 256 * 1024;

export interface Submission {
  files: SubmissionFiles;
  /** Editable files the learner provided. */
  provided: string[];
  /** Editable files taken from the starter because the learner's folder lacks them. */
  fromStarter: string[];
  /** Files in the learner's folder that are not editable in this lab, so were not used. */
  ignored: string[];
}

/** Lays the learner's editable files over the starter. Non-editable learner files are ignored. */
export function composeSubmission(
  manifest: LabManifest,
  starter: SubmissionFiles,
  learnerFiles: SubmissionFiles,
): Submission {
  const files = new Map(starter);
  const provided: string[] = [];
  const fromStarter: string[] = [];
  for (const path of manifest.editableFiles) {
    const content = learnerFiles.get(path);
    if (content === undefined) {
      fromStarter.push(path);
    } else {
      files.set(path, content);
      provided.push(path);
    }
  }
  const editable = new Set(manifest.editableFiles);
  const ignored = [...learnerFiles.keys()].filter((path) => !editable.has(path)).sort();
  return { files, provided, fromStarter, ignored };
}
