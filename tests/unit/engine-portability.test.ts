/**
 * The engine core (checks, harness interface, runner, report) must run in any JavaScript host, a
 * WebContainer or a browser worker included: only src/engine/node/ may use Node's modules.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../../src/engine/node/project-paths.ts';

test('src/engine/*.ts imports nothing from node: and nothing from the Node host', async () => {
  const dir = join(projectRoot, 'src', 'engine');
  const files = (await readdir(dir)).filter((name) => name.endsWith('.ts'));
  assert.ok(files.length > 5);
  for (const file of files) {
    const source = await readFile(join(dir, file), 'utf8');
    assert.doesNotMatch(source, /from ['"]node:/, `${file} imports a Node module`);
    assert.doesNotMatch(source, /from ['"]\.\/node\//, `${file} imports the Node host`);
    assert.doesNotMatch(source, /\bprocess\./, `${file} uses process`);
  }
});
