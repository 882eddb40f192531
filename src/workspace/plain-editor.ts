/**
 * @module
 * The editor a learner types into while Monaco loads: a plain text area with the lab's files, the
 * same font and the same place on the page, so opening the lab is never a wait. Its edits are the
 * learner's work like any other (saved, run, graded); Monaco takes over with them, the file shown and
 * the cursor where they were. Where Monaco cannot load at all, it stays: plain, but nothing is lost.
 */
import type { LabFile } from './lab-data.ts';

/** What Monaco needs to take over from it. */
export interface PlainEditorState {
  contents: Map<string, string>;
  path: string;
  /** The selection, as offsets in the file's text. */
  selection: { start: number; end: number };
  focused: boolean;
  scrollTop: number;
}

export interface PlainEditor {
  readonly element: HTMLTextAreaElement;
  show(path: string): void;
  content(path: string): string;
  setContent(path: string, content: string): void;
  onDidChangeContent(listener: (path: string) => void): void;
  focus(): void;
  state(): PlainEditorState;
  /** Says in the editor itself why it stays plain. */
  describe(label: string): void;
}

export function createPlainEditor(container: HTMLElement, files: LabFile[]): PlainEditor {
  const contents = new Map(files.map((file) => [file.path, file.content]));
  const readOnly = new Set(files.filter((file) => !file.editable).map((file) => file.path));
  const listeners: Array<(path: string) => void> = [];
  const element = document.createElement('textarea');
  element.className = 'ws-plain-editor';
  element.spellcheck = false;
  element.wrap = 'off';
  element.setAttribute('autocapitalize', 'off');
  element.setAttribute('autocomplete', 'off');
  element.setAttribute('aria-label', 'Lab code editor (plain text while the full editor loads)');
  container.append(element);

  let path = files[0]!.path;
  const show = (next: string) => {
    path = next;
    element.value = contents.get(next) ?? '';
    element.readOnly = readOnly.has(next);
    element.setSelectionRange(0, 0);
    element.scrollTop = 0;
  };
  show(path);
  element.addEventListener('input', () => {
    contents.set(path, element.value);
    for (const listener of listeners) listener(path);
  });

  return {
    element,
    show,
    content: (of) => contents.get(of) ?? '',
    setContent(of, content) {
      contents.set(of, content);
      if (of === path) show(of);
    },
    onDidChangeContent: (listener) => void listeners.push(listener),
    focus: () => element.focus(),
    state: () => ({
      contents: new Map(contents),
      path,
      selection: { start: element.selectionStart, end: element.selectionEnd },
      focused: document.activeElement === element,
      scrollTop: element.scrollTop,
    }),
    describe: (label) => element.setAttribute('aria-label', label),
  };
}
