/**
 * @module
 * A Vite plugin that keeps, of the TypeScript lib files Monaco bundles into its TypeScript worker, only
 * those the lab editor's compiler options can load: `lib.esnext.d.ts` and what it references. Monaco
 * ships all hundred (3.1 MB), DOM and web-worker typings among them (2.6 MB) that Node code never
 * reads; every learner's browser would download and compile them before the first diagnostic.
 */
import type { Plugin } from 'vite';

const LIB_FILES_MODULE = '/monaco-editor/esm/vs/languages/features/typescript/lib/lib.js';
const EXPORT = /^export \{ libFileMap \};$/m;
const REFERENCE = /\/\/\/ <reference lib="([^"]+)" \/>/g;

/** The lib files `roots` load, following their `/// <reference lib>` lines. */
export function libClosure(texts: Map<string, string>, roots: string[]): Set<string> {
  const kept = new Set<string>();
  const visit = (name: string) => {
    if (kept.has(name) || !texts.has(name)) return;
    kept.add(name);
    for (const [, lib] of texts.get(name)!.matchAll(REFERENCE)) visit(`lib.${lib!.toLowerCase()}.d.ts`);
  };
  roots.forEach(visit);
  return kept;
}

/** The lib files a lib.js module holds (Monaco's or this plugin's), by name; null for another kind of module. */
export function readLibFiles(code: string): Map<string, string> | null {
  if (!EXPORT.test(code) || /^import /m.test(code)) return null;
  // The module only assigns string literals (some continued over lines): run it to read them.
  const libFileMap = new Function(code.replace(EXPORT, 'return libFileMap;'))() as Record<string, string>;
  return new Map(Object.entries(libFileMap));
}

/**
 * Monaco's lib.js with only the lib files `roots` load; null when its format is not the one expected
 * (a module that builds `libFileMap` and exports it, nothing else).
 */
export function keepLibFiles(code: string, roots: string[]): { code: string; kept: string[] } | null {
  const texts = readLibFiles(code);
  if (!texts || !roots.every((root) => texts.has(root))) return null;
  const kept = [...libClosure(texts, roots)];
  const assignments = kept.map((name) => `libFileMap[${JSON.stringify(name)}] = ${JSON.stringify(texts.get(name))};`);
  return { code: ['const libFileMap = {};', ...assignments, 'export { libFileMap };', ''].join('\n'), kept };
}

export function monacoLibFiles(roots: string[]): Plugin {
  return {
    name: 'operable:monaco-lib-files',
    enforce: 'pre',
    transform(code, id) {
      if (!id.split('?')[0]!.endsWith(LIB_FILES_MODULE)) return null;
      const result = keepLibFiles(code, roots);
      if (!result) {
        this.warn(`Monaco's lib.js has changed: every TypeScript lib file ships in the worker (src/build/monaco-lib-files.ts)`);
        return null;
      }
      return { code: result.code, map: null };
    },
  };
}
