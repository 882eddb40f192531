/**
 * @module
 * The lab's editor from the moment the lab opens: a plain one (plain-editor.ts) at once, then Monaco,
 * when it has loaded, in its place with the learner's edits, file and cursor. The workspace talks to
 * this one editor throughout and never waits for Monaco; what only Monaco has (type errors, the
 * solution's diff) comes with it.
 */
import type { EditorView, LabEditor } from './editor.ts';
import type { LabFile } from './lab-data.ts';
import { createPlainEditor } from './plain-editor.ts';

/** Makes the full editor in `container`, showing `files` as `view` says. */
export type CreateFullEditor = (container: HTMLElement, files: LabFile[], view: EditorView) => LabEditor;

export interface ProgressiveEditor extends LabEditor {
  /** Settles when the full editor has taken over, or has failed to load (the plain one then stays). */
  readonly upgraded: Promise<{ ok: true } | { ok: false; error: Error }>;
}

export function createProgressiveEditor(container: HTMLElement, files: LabFile[], fullEditor: Promise<CreateFullEditor>): ProgressiveEditor {
  const plain = createPlainEditor(container, files);
  let full: LabEditor | undefined;
  const contentListeners: Array<(path: string) => void> = [];
  const markerListeners: Array<() => void> = [];
  plain.onDidChangeContent((path) => {
    if (!full) for (const listener of contentListeners) listener(path);
  });

  const takeOver = (create: CreateFullEditor) => {
    const state = plain.state();
    const current = files.map((file) => ({ ...file, content: state.contents.get(file.path) ?? file.content }));
    // The swap happens in one task, so a keystroke lands in one editor or the other, never in between.
    // The plain editor goes first: Monaco measures its host as it is created, and reveals the cursor in it.
    const host = document.createElement('div');
    host.className = 'ws-full-editor';
    plain.element.replaceWith(host);
    try {
      full = create(host, current, { path: state.path, selection: state.selection, scrollTop: state.scrollTop });
    } catch (error) {
      host.replaceWith(plain.element);
      if (state.focused) plain.focus();
      throw error;
    }
    if (state.focused) full.focus();
    full.onDidChangeContent((path) => contentListeners.forEach((listener) => listener(path)));
    full.onDidChangeMarkers(() => markerListeners.forEach((listener) => listener()));
  };
  const upgraded = fullEditor.then(takeOver).then(
    () => ({ ok: true }) as const,
    (error: unknown) => {
      plain.describe('Lab code editor (plain text: the full editor could not load)');
      return { ok: false, error: error instanceof Error ? error : new Error(String(error)) } as const;
    },
  );

  return {
    upgraded,
    show: (path) => (full ?? plain).show(path),
    content: (path) => (full ?? plain).content(path),
    setContent: (path, content) => (full ?? plain).setContent(path, content),
    errorCounts: () => full?.errorCounts() ?? {},
    onDidChangeContent: (listener) => void contentListeners.push(listener),
    onDidChangeMarkers: (listener) => void markerListeners.push(listener),
    showDiff(diffContainer, path, solution) {
      if (full) return full.showDiff(diffContainer, path, solution);
      // Asked for before Monaco is there: shown when it is, unless closed first.
      let closed = false;
      let diff: { dispose(): void } | undefined;
      void upgraded.then(() => {
        if (!closed && full) diff = full.showDiff(diffContainer, path, solution);
      });
      return {
        dispose() {
          closed = true;
          diff?.dispose();
        },
      };
    },
    focus: () => (full ?? plain).focus(),
    layout: () => full?.layout(),
  };
}
