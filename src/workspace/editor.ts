/**
 * @module
 * The lab's code editor: one Monaco model per lab file (read-only ones marked), real types for Node,
 * Hono and @hono/node-server in the TypeScript service, and a diff view for "Reveal solution".
 */
import './start-typescript-worker.ts'; // first: see there
import type { LabFile, TypeLibrary } from './lab-data.ts';
import { LAB_ROOT, labCompilerOptions, NODE_MODULES_ROOT } from './lab-compiler-options.ts';
import { monaco, typescriptDefaults } from './monaco.ts';


export interface LabEditor {
  show(path: string): void;
  content(path: string): string;
  setContent(path: string, content: string): void;
  /** Number of errors TypeScript reports in each file. */
  errorCounts(): Record<string, number>;
  onDidChangeContent(listener: (path: string) => void): void;
  onDidChangeMarkers(listener: () => void): void;
  showDiff(container: HTMLElement, path: string, solution: string): { dispose(): void };
  focus(): void;
  layout(): void;
}

function prefersDark(): boolean {
  return matchMedia('(prefers-color-scheme: dark)').matches;
}

/** vs-dark with comments bright enough for WCAG AA contrast (its own green is below 4.5:1). */
const DARK_THEME = 'operable-dark';
monaco.editor.defineTheme(DARK_THEME, { base: 'vs-dark', inherit: true, rules: [{ token: 'comment', foreground: '7FB069' }], colors: {} });
const theme = () => (prefersDark() ? DARK_THEME : 'vs');

/**
 * Compiler options and the lab's declarations (its trimmed bundle, `/labs/<id>/types.json`). Called
 * before any model exists: a later change of options restarts Monaco's TypeScript worker.
 */
export function configureTypeScript(libraries: TypeLibrary[]): void {
  typescriptDefaults.setCompilerOptions(labCompilerOptions);
  typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
  typescriptDefaults.setEagerModelSync(true);
  typescriptDefaults.setExtraLibs(libraries.map((library) => ({ content: library.content, filePath: NODE_MODULES_ROOT + library.path })));
}

/** TypeScript files get the TypeScript service; JSON, .env and the rest are plain text. */
const languageOf = (path: string) => (path.endsWith('.ts') ? 'typescript' : 'plaintext');

/** Where the editor opens: the file shown, the selection (offsets in its text) and how far it is scrolled. */
export interface EditorView {
  path: string;
  selection: { start: number; end: number };
  scrollTop: number;
}

export function createLabEditor(container: HTMLElement, files: LabFile[], view?: EditorView): LabEditor {
  const models = new Map<string, ReturnType<typeof monaco.editor.createModel>>();
  for (const file of files) {
    models.set(file.path, monaco.editor.createModel(file.content, languageOf(file.path), monaco.Uri.parse(LAB_ROOT + file.path)));
  }
  const readOnly = new Set(files.filter((file) => !file.editable).map((file) => file.path));
  const shown = view?.path ?? files[0]!.path;
  const editor = monaco.editor.create(container, {
    model: models.get(shown)!,
    theme: theme(),
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    scrollBeyondLastLine: false,
    tabSize: 2,
    ariaLabel: 'Lab code editor. Press Ctrl+M (Cmd+M on Mac) to move focus out with Tab.',
    readOnly: readOnly.has(shown),
    readOnlyMessage: { value: `${shown} is not editable in this lab.` },
  });
  if (view) {
    const model = models.get(shown)!;
    const start = model.getPositionAt(view.selection.start);
    const end = model.getPositionAt(view.selection.end);
    editor.setSelection({ startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column });
    editor.setScrollTop(view.scrollTop);
    editor.revealPositionInCenterIfOutsideViewport(end); // the cursor stays in sight whatever the line heights
  }
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => monaco.editor.setTheme(theme()));

  const pathOf = (uri: { toString(): string }) => uri.toString().slice(LAB_ROOT.length);
  return {
    show(path) {
      editor.setModel(models.get(path)!);
      editor.updateOptions({ readOnly: readOnly.has(path), readOnlyMessage: { value: `${path} is not editable in this lab.` } });
    },
    content: (path) => models.get(path)!.getValue(),
    setContent(path, content) {
      const model = models.get(path)!;
      model.setValue(content);
      // A replaced file starts at its top-left corner, not where the old one was scrolled.
      if (editor.getModel() === model) {
        editor.setPosition({ lineNumber: 1, column: 1 });
        editor.setScrollPosition({ scrollTop: 0, scrollLeft: 0 });
      }
    },
    errorCounts() {
      const counts: Record<string, number> = {};
      for (const marker of monaco.editor.getModelMarkers({ owner: 'typescript' })) {
        if (marker.severity !== monaco.MarkerSeverity.Error) continue;
        const path = pathOf(marker.resource);
        counts[path] = (counts[path] ?? 0) + 1;
      }
      return counts;
    },
    onDidChangeContent(listener) {
      for (const [path, model] of models) model.onDidChangeContent(() => listener(path));
    },
    onDidChangeMarkers(listener) {
      monaco.editor.onDidChangeMarkers(listener);
    },
    showDiff(diffContainer, path, solution) {
      const original = models.get(path)!;
      const modified = monaco.editor.createModel(solution, languageOf(path), monaco.Uri.parse(`file:///solution/${path}`));
      const diff = monaco.editor.createDiffEditor(diffContainer, {
        readOnly: true,
        originalEditable: false,
        automaticLayout: true,
        renderSideBySide: diffContainer.clientWidth > 700,
        minimap: { enabled: false },
        theme: theme(),
      });
      diff.setModel({ original, modified });
      return {
        dispose() {
          diff.dispose();
          modified.dispose();
        },
      };
    },
    focus: () => editor.focus(),
    layout: () => editor.layout(),
  };
}
