/**
 * The editor's TypeScript worker ships only the lib files the labs' compiler options load
 * (src/build/monaco-lib-files.ts): ES and decorators, not the DOM's or web workers' 2.5 MB; the texts
 * it keeps are Monaco's, unchanged; and a Monaco whose lib.js looks different is left whole, with a
 * warning. That the kept files are enough is tests/unit/lab-types.test.ts: every lab's reference
 * type-checks with them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { keepLibFiles, monacoLibFiles, readLibFiles } from '../../src/build/monaco-lib-files.ts';
import { projectNodeModules } from '../../src/engine/node/project-paths.ts';
import { labCompilerOptions } from '../../src/workspace/lab-compiler-options.ts';

const libModulePath = join(projectNodeModules, 'monaco-editor/esm/vs/languages/features/typescript/lib/lib.js');
const monacoLibModule = readFileSync(libModulePath, 'utf8');

test("the worker keeps ES's lib files and drops the DOM's and web workers'", () => {
  const all = readLibFiles(monacoLibModule)!;
  const trimmed = keepLibFiles(monacoLibModule, labCompilerOptions.lib)!;
  const kept = readLibFiles(trimmed.code)!;
  for (const name of ['lib.esnext.d.ts', 'lib.es5.d.ts', 'lib.es2015.promise.d.ts', 'lib.esnext.disposable.d.ts', 'lib.decorators.d.ts']) assert.ok(kept.has(name), name);
  for (const name of ['lib.dom.d.ts', 'lib.webworker.d.ts', 'lib.dom.iterable.d.ts', 'lib.scripthost.d.ts', 'lib.d.ts']) assert.ok(!kept.has(name), name);
  for (const [name, text] of kept) assert.equal(text, all.get(name), `${name} is Monaco's text`);
  assert.deepEqual([...kept.keys()].sort(), [...trimmed.kept].sort());
  assert.ok(trimmed.code.length < monacoLibModule.length / 4, `${trimmed.code.length} of ${monacoLibModule.length} characters`);
});

test('a lib.js of another shape, or without the root lib, is left whole with a warning', () => {
  assert.equal(keepLibFiles('import x from "y";\nconst libFileMap = {};\nexport { libFileMap };\n', ['lib.esnext.d.ts']), null);
  assert.equal(keepLibFiles(monacoLibModule, ['lib.es2099.d.ts']), null);
  const warnings: string[] = [];
  const plugin = monacoLibFiles(['lib.es2099.d.ts']);
  const transform = plugin.transform as (this: unknown, code: string, id: string) => unknown;
  assert.equal(transform.call({ warn: (message: string) => warnings.push(message) }, monacoLibModule, libModulePath), null);
  assert.equal(warnings.length, 1);
  assert.equal(transform.call({ warn: () => assert.fail('other modules pass through') }, 'export {};', '/x/node_modules/monaco-editor/esm/vs/editor/editor.api.js'), null);
});
