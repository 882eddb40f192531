/**
 * @module
 * A Vite plugin that makes a few small changes to Monaco's sources as they are bundled, each checked:
 * when a Monaco upgrade moves the code a patch looks for, the build warns instead of silently
 * shipping without it.
 */
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/** Our stand-in for Monaco's worker starter (see the module's comment). */
const SLIM_WORKER_STARTER = fileURLToPath(new URL('../workspace/monaco-web-worker.ts', import.meta.url));

interface Patch {
  /** The end of the module's path under monaco-editor/esm/vs/. */
  file: string;
  find: RegExp;
  /** The replacement, or a function of the patched module's path (for an import relative to it). */
  replace: string | ((modulePath: string) => string);
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
    file: 'languages/features/typescript/workerManager.js',
    find: /import \{ createWebWorker \} from '\.\.\/\.\.\/\.\.\/internal\/common\/workers\.js';/,
    replace: (modulePath) => `import { createWebWorker } from ${JSON.stringify(relative(dirname(modulePath), SLIM_WORKER_STARTER))};`,
    // Monaco's worker starter imports every editor contribution it has: ~500 KB run on the page
    // just before the first diagnostic, for features the lab editor does not use.
    why: "starts the TypeScript worker without importing all of Monaco's editor contributions",
  },
  {
    file: 'languages/features/typescript/register.js',
    find: /function getMode\(\) \{\s*return import\('\.\/tsMode\.js'\);\s*\}/,
    replace: "import * as typescriptMode from './tsMode.js';\nfunction getMode() {\n  return Promise.resolve(typescriptMode);\n}",
    // The TypeScript mode (diagnostics, hovers) loads with the editor, not as a round trip after the
    // first TypeScript file opens: the worker gets its first request as soon as the files exist.
    why: 'loads the TypeScript mode with the editor',
  },
  {
    file: 'languages/definitions/typescript/register.js',
    find: /loader: \(\) => \{\s*return import\('\.\/typescript\.js'\);\s*\}/,
    replace: 'loader: () => Promise.resolve(typescriptTokens)',
    why: 'loads the TypeScript colouring with the editor',
  },
  {
    file: 'languages/definitions/typescript/register.js',
    find: /^import \{ registerLanguage \} from '\.\.\/_\.contribution\.js';$/m,
    replace: "import { registerLanguage } from '../_.contribution.js';\nimport * as typescriptTokens from './typescript.js';",
    why: 'imports the TypeScript colouring it now loads with the editor',
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
        const replacement = typeof patch.replace === 'string' ? patch.replace : patch.replace(path);
        if (patch.find.test(patched)) patched = patched.replace(patch.find, replacement);
        else this.warn(`Monaco's ${patch.file} has changed: the patch that ${patch.why} no longer applies (src/build/monaco-patches.ts)`);
      }
      return { code: patched, map: null };
    },
  };
}
