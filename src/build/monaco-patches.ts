/**
 * @module
 * A Vite plugin that makes two small changes to Monaco's sources as they are bundled, each checked:
 * when a Monaco upgrade moves the code a patch looks for, the build warns instead of silently
 * shipping without it.
 */
import type { Plugin } from 'vite';

interface Patch {
  /** The end of the module's path under monaco-editor/esm/vs/. */
  file: string;
  find: RegExp;
  replace: string;
  why: string;
}

const PATCHES: Patch[] = [
  {
    file: 'languages/features/typescript/workerManager.js',
    find: /createWorker: \(\) => new Worker\(new URL\('ts\.worker\.js', import\.meta\.url\), \{ type: "module" \}\),/,
    replace: '',
    // The page always hands Monaco its TypeScript worker (src/workspace/monaco.ts): this fallback would
    // only ship a second copy of the TypeScript compiler (7 MB) that nothing loads.
    why: "drops the fallback TypeScript worker",
  },
  {
    file: 'languages/features/typescript/languageFeatures.js',
    find: /handle = window\.setTimeout\(maybeValidate, 500\);/,
    replace: 'handle = window.setTimeout(maybeValidate, 300);',
    // Diagnostics 300 ms after the learner stops typing, not 500: VS Code's floor for a short file.
    why: 'checks a file 300 ms after the last keystroke',
  },
];

export function monacoPatches(): Plugin {
  return {
    name: 'operable:monaco-patches',
    enforce: 'pre',
    transform(code, id) {
      const path = id.split('?')[0]!;
      const patches = PATCHES.filter((patch) => path.endsWith(`/monaco-editor/esm/vs/${patch.file}`));
      if (!patches.length) return null;
      let patched = code;
      for (const patch of patches) {
        if (patch.find.test(patched)) patched = patched.replace(patch.find, patch.replace);
        else this.warn(`Monaco's ${patch.file} has changed: the patch that ${patch.why} no longer applies (src/build/monaco-patches.ts)`);
      }
      return { code: patched, map: null };
    },
  };
}
