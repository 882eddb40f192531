/**
 * The type declarations the editor's TypeScript service needs for lab code: Node's, Hono's and
 * @hono/node-server's, gathered from node_modules at build time. Fetched only when a lab opens.
 */
import type { APIRoute } from 'astro';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { projectNodeModules } from '../../engine/node/project-paths.ts';
import type { TypeLibrary } from '../../workspace/lab-data.ts';

/** Folders of @types/node that only older TypeScript versions read. */
const SKIPPED = new Set(['ts5.6', 'ts5.7']);

async function declarations(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !SKIPPED.has(entry.name)) found.push(...(await declarations(path)));
    else if (/\.d\.m?ts$/.test(entry.name)) found.push(path);
  }
  return found;
}

export const GET: APIRoute = async () => {
  const libraries: TypeLibrary[] = [];
  const add = async (dir: string) => {
    for (const file of await declarations(join(projectNodeModules, dir))) {
      // .d.mts → .d.ts: the editor resolves modules the classic Node way, by .d.ts.
      const path = relative(projectNodeModules, file).replace(/\.d\.mts$/, '.d.ts');
      libraries.push({ path, content: (await readFile(file, 'utf8')).replace(/(from ['"]\.{1,2}\/[^'"]+)\.mjs(['"])/g, '$1.js$2') });
    }
  };
  await add('@types/node');
  await add('hono/dist/types');
  await add('@hono/node-server/dist');
  // Entry points, so `import … from 'hono'` resolves without reading package.json exports.
  libraries.push({ path: 'hono/index.d.ts', content: "export * from './dist/types/index';\n" });
  libraries.push({ path: 'hono/package.json', content: '{"name":"hono","types":"./index.d.ts"}' });
  libraries.push({ path: '@hono/node-server/index.d.ts', content: "export * from './dist/index';\n" });
  libraries.push({ path: '@hono/node-server/package.json', content: '{"name":"@hono/node-server","types":"./index.d.ts"}' });
  return new Response(JSON.stringify(libraries), { headers: { 'Content-Type': 'application/json' } });
};
