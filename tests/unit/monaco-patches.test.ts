/**
 * The build's patches to Monaco (src/build/monaco-patches.ts) still apply to the installed Monaco: an
 * upgrade that moves the code they look for fails here, not only as a build warning.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { monacoPatches } from '../../src/build/monaco-patches.ts';
import { projectNodeModules, projectRoot } from '../../src/engine/node/project-paths.ts';

async function patched(file: string): Promise<{ code: string; warnings: string[] }> {
  const id = join(projectNodeModules, 'monaco-editor', 'esm', 'vs', file);
  const warnings: string[] = [];
  const transform = monacoPatches().transform as (this: unknown, code: string, id: string) => { code: string } | null;
  const result = transform.call({ warn: (message: string) => warnings.push(message) }, await readFile(id, 'utf8'), id);
  assert.ok(result, `${file} is patched`);
  return { code: result.code, warnings };
}

test("Monaco's fallback TypeScript worker is dropped", async () => {
  const { code, warnings } = await patched('languages/features/typescript/workerManager.js');
  assert.deepEqual(warnings, []);
  assert.doesNotMatch(code, /ts\.worker\.js/);
  assert.match(code, /createWebWorker\(/, 'the rest of the worker manager is intact');
});

test("the TypeScript worker starts without Monaco's starter, which imports every editor contribution", async () => {
  const { code, warnings } = await patched('languages/features/typescript/workerManager.js');
  assert.deepEqual(warnings, []);
  assert.doesNotMatch(code, /internal\/common\/workers\.js/);
  const starter = /import \{ createWebWorker \} from "([^"]+)";/.exec(code);
  assert.ok(starter, 'imports createWebWorker from our module');
  const id = join(projectNodeModules, 'monaco-editor', 'esm', 'vs', 'languages/features/typescript/workerManager.js');
  assert.equal(resolve(dirname(id), starter[1]!), join(projectRoot, 'src', 'workspace', 'monaco-web-worker.ts'));
});

test('the TypeScript mode and colouring load with the editor, not a round trip after the first file opens', async () => {
  const mode = await patched('languages/features/typescript/register.js');
  assert.deepEqual(mode.warnings, []);
  assert.doesNotMatch(mode.code, /import\('\.\/tsMode\.js'\)/);
  assert.match(mode.code, /import \* as typescriptMode from '\.\/tsMode\.js';/);
  const colouring = await patched('languages/definitions/typescript/register.js');
  assert.deepEqual(colouring.warnings, []);
  assert.doesNotMatch(colouring.code, /import\('\.\/typescript\.js'\)/);
  assert.match(colouring.code, /import \* as typescriptTokens from '\.\/typescript\.js';/);
  assert.match(colouring.code, /loader: \(\) => Promise\.resolve\(typescriptTokens\)/);
});

test('a TypeScript file is checked 300 ms after the last keystroke', async () => {
  const { code, warnings } = await patched('languages/features/typescript/languageFeatures.js');
  assert.deepEqual(warnings, []);
  assert.match(code, /setTimeout\(maybeValidate, 300\)/);
  assert.doesNotMatch(code, /setTimeout\(maybeValidate, 500\)/);
});

test('other modules pass through untouched', () => {
  const transform = monacoPatches().transform as (this: unknown, code: string, id: string) => unknown;
  assert.equal(transform.call({}, 'export {};', '/x/node_modules/monaco-editor/esm/vs/editor/editor.api.js'), null);
});
