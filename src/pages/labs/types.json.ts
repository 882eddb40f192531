/**
 * The type declarations the editor's TypeScript service needs for lab code: Node's, Hono's,
 * @hono/node-server's and zod's, gathered from node_modules at build time. Fetched only when a lab opens.
 */
import type { APIRoute } from 'astro';
import { readdir, readFile } from 'node:fs/promises';
import { join, posix, relative } from 'node:path';
import { projectNodeModules } from '../../engine/node/project-paths.ts';
import type { TypeLibrary } from '../../workspace/lab-data.ts';

async function declarations(dir: string, skipped: Set<string>): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !skipped.has(entry.name)) found.push(...(await declarations(path, skipped)));
    else if (/\.d\.m?ts$/.test(entry.name)) found.push(path);
  }
  return found;
}

type ExportTarget = string | { types?: string; import?: ExportTarget } | undefined;

/** The .d.ts an `exports` entry points to for an ESM import. */
function typesOf(target: ExportTarget): string | undefined {
  if (typeof target === 'string' || !target) return undefined;
  return target.types ?? typesOf(target.import);
}

/**
 * One `index.d.ts` per export of a package (`hono`, `hono/cookie`, …) re-exporting its declarations:
 * the editor resolves modules the classic Node way, which does not read package.json `exports`.
 */
async function entryShims(name: string): Promise<TypeLibrary[]> {
  const manifest = JSON.parse(await readFile(join(projectNodeModules, name, 'package.json'), 'utf8')) as { exports: Record<string, ExportTarget> };
  const shims: TypeLibrary[] = [];
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    const types = typesOf(target);
    if (!types || subpath.includes('*')) continue;
    const entry = posix.join(name, subpath, 'index.d.ts');
    const declarations = posix.join(name, types).replace(/\.d\.m?ts$/, '');
    const relative = posix.relative(posix.dirname(entry), declarations);
    shims.push({ path: entry, content: `export * from '${relative.startsWith('.') ? relative : `./${relative}`}';\n` });
  }
  return shims;
}

export const GET: APIRoute = async () => {
  const libraries: TypeLibrary[] = [];
  const add = async (dir: string, skipped: string[] = []) => {
    for (const file of await declarations(join(projectNodeModules, dir), new Set(skipped))) {
      // .d.mts → .d.ts: the editor resolves modules the classic Node way, by .d.ts.
      const path = relative(projectNodeModules, file).replace(/\.d\.mts$/, '.d.ts');
      libraries.push({ path, content: (await readFile(file, 'utf8')).replace(/(from ['"]\.{1,2}\/[^'"]+)\.mjs(['"])/g, '$1.js$2') });
    }
  };
  await add('@types/node', ['ts5.6', 'ts5.7']); // folders only older TypeScript versions read
  await add('hono/dist/types');
  await add('@hono/node-server/dist');
  await add('zod', ['src', 'v3', 'mini', 'v4-mini']); // labs 01 and 02 validate with zod 4 (classic API)
  libraries.push(...(await entryShims('hono')), ...(await entryShims('@hono/node-server')));
  return new Response(JSON.stringify(libraries), { headers: { 'Content-Type': 'application/json' } });
};
