/**
 * @module
 * The Vite settings Monaco needs, shared by the site's build (astro.config.mjs) and the editor-floor
 * bench, which builds Monaco alone: its CSS injected on demand, the patches to its sources, and its
 * workers bundled as modules with their own plugin (the TypeScript worker ships only the lib files
 * labs load).
 */
import type { UserConfig } from 'vite';
import { labCompilerOptions } from '../workspace/lab-compiler-options.ts';
import { monacoCssOnDemand } from './monaco-css-on-demand.ts';
import { monacoLibFiles } from './monaco-lib-files.ts';
import { monacoPatches } from './monaco-patches.ts';

export function monacoViteOptions(): Pick<UserConfig, 'plugins' | 'worker'> {
  return {
    plugins: [monacoCssOnDemand(), monacoPatches()],
    // Workers are bundled with their own plugins, not the page's.
    worker: { format: 'es', plugins: () => [monacoLibFiles(labCompilerOptions.lib)] },
  };
}
