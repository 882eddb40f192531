/**
 * @module
 * The type declarations the editor's TypeScript service gets for one lab (`/labs/<id>/types.json`),
 * trimmed at build time to what the lab's files can import, because Monaco's TypeScript worker parses
 * every declaration it is handed before its first diagnostic:
 *
 * - the lab's packages (its package.json dependencies): the declaration files reachable from the
 *   entry points the starter and the reference import, resolved as TypeScript resolves them. Other
 *   entry points of those packages (`hono/logger`, …) are declared as untyped modules, so importing
 *   one is never a false "cannot find module" — its values are `any` until a lab uses it;
 * - Node's own modules (`@types/node`): all of them, so any `node:` import type-checks, with their
 *   comments (the API docs a hover shows) kept only in the modules the lab imports: comments are
 *   two thirds of `@types/node`. The exceptions: modules a web service has no use for (the V8 debugger
 *   protocol, HTTP/2, TLS, the test runner, …: NODE_MODULES_LEFT_UNTYPED) are declared untyped unless the
 *   lab imports them.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { join, posix, relative } from 'node:path';
import ts from 'typescript';
import { labFolders, projectNodeModules } from '../engine/node/project-paths.ts';
import type { TypeLibrary } from '../workspace/lab-data.ts';

const NODE_TYPES = '@types/node';
/**
 * Node modules a web service of these labs has no use for: the debugger protocol, HTTP/2 and TLS (the
 * labs serve plain HTTP behind a proxy), the test runner, processes and workers of its own, REPL, VM
 * and the like. Their declarations are a quarter of @types/node (~200 KB without comments), parsed
 * before every lab's first diagnostic: importing one gives `any` (never a false error), unless the
 * lab itself imports it. A module whose file declares globals (worker_threads), or whose types globals use
 * (tty: process.stdout is a tty.WriteStream; dns: http.request's options pick from its LookupOptions),
 * stays typed: tests/unit/lab-types.test.ts type-checks a service's common Node code against the set.
 */
const NODE_MODULES_LEFT_UNTYPED = new Set([
  ...['inspector', 'inspector/promises', 'http2', 'tls', 'test', 'test/reporters', 'child_process', 'cluster', 'zlib'],
  ...['dgram', 'sqlite', 'readline', 'readline/promises', 'repl', 'vm', 'v8', 'domain'],
  ...['trace_events', 'punycode', 'wasi', 'sea'],
]);
/** Folders of @types/node that only TypeScript versions older than the editor's read. */
const OLD_TYPESCRIPT_FOLDERS = new Set(['ts5.6', 'ts5.7']);

/**
 * Resolves as a bundler or Node's ESM loader would (package `exports`, the `import` and `types`
 * conditions), keeping paths under node_modules even where it is a link (a copy of the project, pnpm).
 */
const RESOLUTION: ts.CompilerOptions = { moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext, noEmit: true, preserveSymlinks: true };

async function filesUnder(dir: string, keep: (path: string) => boolean, skipped = new Set<string>()): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !skipped.has(entry.name) && entry.name !== 'node_modules') found.push(...(await filesUnder(path, keep, skipped)));
    else if (entry.isFile() && keep(path)) found.push(path);
  }
  return found;
}

/** Every module specifier a file imports, re-exports or references (`import()` types included). */
function specifiersOf(text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return [...info.importedFiles, ...info.referencedFiles].map((reference) => reference.fileName);
}

/** `hono/cookie` → `hono`; `@hono/node-server/conninfo` → `@hono/node-server`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Where the editor finds a declaration file: its path under node_modules, `.d.mts`/`.d.cts` read as `.d.ts`. */
const editorPath = (file: string) => relative(projectNodeModules, file).split('\\').join('/').replace(/\.d\.[mc]ts$/, '.d.ts');

/** The editor resolves `./x.mjs` in a renamed `.d.mts` by `./x.js`. */
const editorContent = (text: string) => text.replace(/(from ['"]\.{1,2}\/[^'"]+)\.[mc]js(['"])/g, '$1.js$2');

/** The ESM declaration file beside a CommonJS one (zod ships both), which the editor resolves. */
async function preferEsm(file: string): Promise<string> {
  if (!file.endsWith('.d.cts')) return file;
  const esm = file.replace(/\.d\.cts$/, '.d.ts');
  return (await readFile(esm).then(() => true, () => false)) ? esm : file;
}

export interface LabImports {
  /** Node modules the lab imports, without `node:`: `http`, `net`. */
  nodeModules: Set<string>;
  /** Package specifiers the lab imports: `hono`, `hono/cookie`, `@hono/node-server`. */
  packageEntries: Set<string>;
}

async function labSources(labId: string): Promise<Array<{ path: string; text: string }>> {
  const folders = labFolders(labId);
  const isCode = (path: string) => /\.ts$/.test(path) && !path.endsWith('.d.ts');
  const files = [...(await filesUnder(folders.starter, isCode)), ...(await filesUnder(folders.solution, isCode))];
  return Promise.all(files.map(async (path) => ({ path, text: await readFile(path, 'utf8') })));
}

/** The Node modules and package entry points the lab's starter and reference import. */
export async function labImports(labId: string): Promise<LabImports> {
  const imports: LabImports = { nodeModules: new Set(), packageEntries: new Set() };
  for (const { text } of await labSources(labId)) {
    for (const specifier of specifiersOf(text)) {
      if (specifier.startsWith('.')) continue;
      if (isBuiltin(specifier)) imports.nodeModules.add(specifier.replace(/^node:/, ''));
      else imports.packageEntries.add(specifier);
    }
  }
  return imports;
}

/**
 * The declaration files reachable from `entries`, following imports across packages (never into
 * @types/node), and the package specifiers met on the way (`@opentelemetry/otlp-exporter-base` from
 * an exporter's declarations) with the file each resolves to.
 */
async function reachableDeclarations(entries: Iterable<string>, from: string): Promise<{ files: Map<string, string>; packages: Map<string, string> }> {
  const found = new Map<string, string>();
  const packages = new Map<string, string>();
  const visit = async (specifier: string, containingFile: string) => {
    const resolved = ts.resolveModuleName(specifier, containingFile, RESOLUTION, ts.sys).resolvedModule;
    if (!resolved || !/\.d\.[mc]?ts$/.test(resolved.resolvedFileName)) return;
    const file = await preferEsm(resolved.resolvedFileName);
    if (file.includes(`/${NODE_TYPES}/`)) return;
    if (!specifier.startsWith('.') && !packages.has(specifier)) packages.set(specifier, file);
    if (found.has(file)) return;
    const text = await readFile(file, 'utf8');
    found.set(file, text);
    for (const next of specifiersOf(text)) await visit(next, file);
  };
  for (const entry of entries) await visit(entry, from);
  return { files: found, packages };
}

type ExportTarget = string | { types?: string; import?: ExportTarget; default?: ExportTarget } | undefined;

/** A package's entry points for ESM imports: `hono`, `hono/cookie`, … (wildcards left out). */
async function entryPoints(name: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(projectNodeModules, name, 'package.json'), 'utf8')) as { exports?: Record<string, ExportTarget> | string };
  if (!manifest.exports || typeof manifest.exports === 'string') return [name];
  const subpaths = Object.keys(manifest.exports).filter((subpath) => subpath.startsWith('.') && !subpath.includes('*') && !subpath.endsWith('.json'));
  return subpaths.length ? subpaths.map((subpath) => posix.join(name, subpath)) : [name];
}

/**
 * `node_modules/<entry>/index.d.ts` re-exporting the entry's declarations: the editor resolves modules
 * the classic Node way, which does not read package.json `exports`. A default export is re-exported by
 * name, and a CommonJS declaration (`export =`, as @types/ioredis-mock has) becomes the default export,
 * which is what Node's ESM import of it gives.
 */
function entryShim(entry: string, declarationFile: string): TypeLibrary | undefined {
  const path = posix.join(entry, 'index.d.ts');
  const target = editorPath(declarationFile).replace(/\.d\.ts$/, '');
  if (target === posix.join(entry, 'index')) return undefined;
  const relativeTarget = posix.relative(posix.dirname(path), target);
  const from = relativeTarget.startsWith('.') ? relativeTarget : `./${relativeTarget}`;
  const text = readFileSync(declarationFile, 'utf8');
  if (/^export\s*=/m.test(text)) return { path, content: `declare const exported: typeof import('${from}');\nexport default exported;\n` };
  // `export *` leaves the default export out (p-queue's class): name it too.
  const defaultExport = /^export\s+default\b|^export\s*\{[^}]*\bdefault\b/m.test(text) ? `export { default } from '${from}';\n` : '';
  return { path, content: `export * from '${from}';\n${defaultExport}` };
}

/** All of @types/node, parsed once per build: comments kept or stripped per lab. */
let nodeTypes: Promise<Array<{ path: string; text: string; modules: string[]; stripped: () => string }>> | undefined;

function loadNodeTypes() {
  nodeTypes ??= (async () => {
    const root = join(projectNodeModules, NODE_TYPES);
    const files = await filesUnder(root, (path) => path.endsWith('.d.ts') && path !== join(root, 'index.d.ts'), OLD_TYPESCRIPT_FOLDERS);
    const printer = ts.createPrinter({ removeComments: true });
    return Promise.all(
      files.map(async (path) => {
        const text = await readFile(path, 'utf8');
        const source = ts.createSourceFile(path, text, ts.ScriptTarget.ESNext, false);
        const modules = source.statements.filter(ts.isModuleDeclaration).flatMap((statement) => (ts.isStringLiteral(statement.name) ? [statement.name.text] : []));
        let printed: string | undefined;
        return { path: editorPath(path), text, modules, stripped: () => (printed ??= printer.printFile(source)) };
      }),
    );
  })();
  return nodeTypes;
}

/** The trimmed declarations for one lab, ready for `typescriptDefaults.addExtraLib` under `file:///node_modules/`. */
export async function labTypeLibraries(labId: string): Promise<TypeLibrary[]> {
  const { starter } = labFolders(labId);
  const manifest = JSON.parse(await readFile(join(starter, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const dependencies = Object.keys(manifest.dependencies ?? {});
  const imports = await labImports(labId);
  const libraries: TypeLibrary[] = [];

  // Node: every module typed (but the few left untyped); the docs only where the lab works. Its fetch
  // types come from undici-types.
  const nodeTypes = await loadNodeTypes();
  const untypedNodeModules: string[] = [];
  for (const file of nodeTypes) {
    const names = file.modules.map((name) => name.replace(/^node:/, ''));
    const used = names.some((name) => imports.nodeModules.has(name));
    if (names.length > 0 && !used && names.every((name) => NODE_MODULES_LEFT_UNTYPED.has(name))) {
      untypedNodeModules.push(...file.modules);
      continue;
    }
    libraries.push({ path: file.path, content: used ? file.text : file.stripped() });
  }
  const nodeDependencies = new Set(nodeTypes.flatMap((file) => specifiersOf(file.text)).filter((specifier) => !specifier.startsWith('.') && !isBuiltin(specifier)));
  const nodeAnchor = join(projectNodeModules, NODE_TYPES, 'index.d.ts');
  for (const [file, text] of (await reachableDeclarations(nodeDependencies, nodeAnchor)).files) libraries.push({ path: editorPath(file), content: editorContent(text) });

  // The lab's packages: what its imports reach; the other entry points declared untyped.
  const entries = [...imports.packageEntries].filter((entry) => dependencies.includes(packageOf(entry)));
  const anchor = join(starter, 'src', 'server.ts');
  const reached = await reachableDeclarations(entries, anchor);
  for (const [file, text] of reached.files) libraries.push({ path: editorPath(file), content: editorContent(text) });
  // Packages the lab's packages import (an exporter's base class): the editor finds them by a shim too.
  for (const [specifier, file] of reached.packages) {
    if (dependencies.includes(packageOf(specifier))) continue;
    const shim = entryShim(specifier, file);
    if (shim) libraries.push(shim);
  }
  const untyped: string[] = [];
  const listed = new Set<string>();
  for (const name of dependencies) {
    for (const entry of await entryPoints(name)) {
      listed.add(entry);
      const resolved = ts.resolveModuleName(entry, anchor, RESOLUTION, ts.sys).resolvedModule;
      if (!resolved) continue;
      // Untyped only where nothing the lab uses reaches it (the SDK's declarations import its core).
      if (!entries.includes(entry) && !reached.packages.has(entry)) untyped.push(entry);
      else {
        const shim = entryShim(entry, await preferEsm(resolved.resolvedFileName));
        if (shim) libraries.push(shim);
      }
    }
  }
  // Entry points behind a wildcard export (`hono/utils/http-status` of `./utils/*`) are not listed: shim the ones the lab imports.
  for (const entry of entries) {
    const file = reached.packages.get(entry);
    const shim = !listed.has(entry) && file ? entryShim(entry, file) : undefined;
    if (shim) libraries.push(shim);
  }
  if (untyped.length) {
    libraries.push({
      path: '@operable/untyped-entries/index.d.ts',
      content: `// Entry points of the lab's packages that its files do not import yet: importing one gives \`any\`.\n${untyped.map((entry) => `declare module '${entry}';`).join('\n')}\n`,
    });
  }
  if (untypedNodeModules.length) {
    libraries.push({
      path: '@operable/untyped-node-modules/index.d.ts',
      content: `// Node modules no lab uses, left out to keep the editor quick: importing one gives \`any\`.\n${[...new Set(untypedNodeModules)].map((name) => `declare module '${name}';`).join('\n')}\n`,
    });
  }
  return libraries;
}
