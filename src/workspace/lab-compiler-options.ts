/**
 * @module
 * How the editor's TypeScript service compiles lab code: shared by the editor and the test that checks
 * each lab's trimmed declarations (tests/unit/lab-types.test.ts) against the same settings.
 */

/** Where the editor's lab files and declarations live, as URIs of its TypeScript service. */
export const LAB_ROOT = 'file:///lab/';
export const NODE_MODULES_ROOT = 'file:///node_modules/';

export const labCompilerOptions = {
  target: 99, // ESNext
  module: 99, // ESNext
  moduleResolution: 2, // Node: resolves node_modules/<name>/index.d.ts without reading package exports
  strict: true,
  noEmit: true,
  allowImportingTsExtensions: true,
  verbatimModuleSyntax: true,
  skipLibCheck: true,
  types: [] as string[],
  // Node's globals and no browser's: lab code runs on Node (its fetch types come with @types/node), and
  // lib.dom is 2 MB the TypeScript worker would otherwise parse before its first diagnostic.
  lib: ['lib.esnext.d.ts'],
};
