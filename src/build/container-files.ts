/**
 * @module
 * What the in-browser runtime mounts for a lab: the bundled runner `checks.mjs` (every lab's checks and
 * the Node harness in one file), the lab's starter under `lab/`, and the lab's dependencies bundled
 * into `lab/node_modules`, so the service starts with `node` at once, without `npm install` (which in
 * a WebContainer would go through StackBlitz's proxy). Built with esbuild at site build time.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';
import { build, type Metafile } from 'esbuild';
import type { ContainerTree } from '../runtime/container-api.ts';
import { CONTAINER_LAYOUT, CONTAINER_NODE_VERSION } from '../runtime/container-protocol.ts';
import { labFolders, projectRoot } from '../engine/node/project-paths.ts';
import { readFolder } from '../engine/node/read-folder.ts';

/** Subpaths no lab service on Node can use (other runtimes' adapters): left out of the vendored copy. */
const OTHER_RUNTIMES = /^\.\/(cloudflare-workers|cloudflare-pages|deno|bun|aws-lambda|vercel|netlify|lambda-edge|service-worker)$/;
const VENDOR_FOLDER = '.vendor';
/** The bundles run on Node 20 too: the runner starts before anything knows which Node the container has. */
const NODE_TARGET = 'node20';

/**
 * A `require` for the CommonJS code inside an ES module bundle (prom-client requires Node's built-ins):
 * without it, esbuild's stand-in throws "Dynamic require of … is not supported".
 */
const REQUIRE_BANNER = "import { createRequire as __operableCreateRequire } from 'node:module'; const require = __operableCreateRequire(import.meta.url);";

/** The runner as one ES module; `require` is provided for the odd CommonJS corner of a dependency. */
export async function bundleRunner(): Promise<string> {
  const result = await build({
    entryPoints: [join(projectRoot, 'src/container/runner.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: NODE_TARGET,
    write: false,
    legalComments: 'none',
    minifySyntax: true,
    banner: { js: REQUIRE_BANNER },
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  exports?: Record<string, unknown> | string;
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

/** Every import specifier of `pkg` a service may use: its exports, minus patterns and other runtimes' adapters. */
async function specifiersOf(pkg: string): Promise<string[]> {
  const manifest = await readJson<PackageJson>(join(projectRoot, 'node_modules', pkg, 'package.json'));
  // Conditions at the top (`{ "import": …, "require": … }`, as hono-rate-limiter has) export only ".".
  const keys = typeof manifest.exports === 'object' ? Object.keys(manifest.exports) : [];
  const subpaths = keys.some((key) => key.startsWith('.')) ? keys : ['.'];
  return subpaths
    .filter((subpath) => subpath.startsWith('.') && !subpath.includes('*') && !subpath.endsWith('.json') && !OTHER_RUNTIMES.test(subpath))
    .map((subpath) => (subpath === '.' ? pkg : `${pkg}/${subpath.slice(2)}`));
}

/** A file name for a specifier's bundle: `hono/http-exception` → `hono__http-exception`. */
function entryName(specifier: string): string {
  return specifier.replace(/^@/, '').replaceAll('/', '__');
}

/** Bundled dependencies by their package list, so labs with the same list share one build. */
const vendored = new Map<string, Promise<Map<string, string>>>();

/**
 * The lab's dependencies as `node_modules/<pkg>/` folders whose exports point at one shared, bundled
 * copy (`node_modules/.vendor/`, code-split so `hono` and `hono/http-exception` share their classes).
 */
export async function vendorDependencies(labId: string): Promise<Map<string, string>> {
  const { starter } = labFolders(labId);
  const packages = Object.keys((await readJson<PackageJson>(join(starter, 'package.json'))).dependencies ?? {}).sort();
  const key = packages.join(' ');
  if (!vendored.has(key)) vendored.set(key, bundleDependencies(packages));
  return vendored.get(key)!;
}

async function bundleDependencies(packages: string[]): Promise<Map<string, string>> {
  const specifiers = (await Promise.all(packages.map(specifiersOf))).flat();
  const result = await build({
    entryPoints: Object.fromEntries(specifiers.map((specifier) => [entryName(specifier), specifier])),
    absWorkingDir: projectRoot,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: NODE_TARGET,
    outdir: join(projectRoot, 'node_modules', VENDOR_FOLDER),
    chunkNames: 'chunk-[hash]',
    write: false,
    metafile: true,
    legalComments: 'none',
    minifySyntax: true,
    // Dependencies only: learners' stack traces point at their own files; the runner stays readable.
    minifyWhitespace: true,
    banner: { js: REQUIRE_BANNER },
    logLevel: 'silent',
  });
  const files = new Map<string, string>();
  const outRoot = join(projectRoot, 'node_modules');
  for (const output of result.outputFiles) files.set(posix.join('node_modules', output.path.slice(outRoot.length + 1).split('\\').join('/')), output.text);
  const exportsOf = exportLists(result.metafile);
  for (const pkg of packages) {
    const own = specifiers.filter((specifier) => specifier === pkg || specifier.startsWith(`${pkg}/`));
    const exportsMap: Record<string, string> = {};
    for (const specifier of own) {
      const subpath = specifier === pkg ? '.' : `./${specifier.slice(pkg.length + 1)}`;
      const stub = `${subpath === '.' ? 'index' : subpath.slice(2)}.mjs`;
      exportsMap[subpath] = `./${stub}`;
      const depth = pkg.split('/').length + stub.split('/').length - 1;
      const target = `${'../'.repeat(depth)}${VENDOR_FOLDER}/${entryName(specifier)}.js`;
      const names = exportsOf.get(entryName(specifier)) ?? [];
      const cjsNames = names.length === 1 && names[0] === 'default' ? commonJsNamedExports(specifier) : [];
      const stubText = cjsNames.length
        ? `import cjs from '${target}';\nexport default cjs;\nexport const { ${cjsNames.join(', ')} } = cjs;\n`
        : names.length
          ? `export { ${names.join(', ')} } from '${target}';\n`
          : `import '${target}';\n`;
      files.set(`node_modules/${pkg}/${stub}`, stubText);
    }
    files.set(`node_modules/${pkg}/package.json`, `${JSON.stringify({ name: pkg, type: 'module', exports: exportsMap }, null, 2)}\n`);
  }
  return files;
}

/**
 * The named exports Node gives `import { … } from specifier` for a CommonJS package (prom-client):
 * esbuild's ESM bundle of such a package exports only `default`, so the stub must name the rest, as
 * Node's own import of it lists them: the keys of its module.exports, loaded from the project.
 */
function commonJsNamedExports(specifier: string): string[] {
  const exported = createRequire(join(projectRoot, 'package.json'))(specifier) as Record<string, unknown>;
  const identifier = /^[A-Za-z_$][\w$]*$/;
  return Object.keys(exported).filter((name) => name !== 'default' && identifier.test(name)).sort();
}

/** Entry name → the names it exports, from esbuild's metafile. */
function exportLists(metafile: Metafile): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  for (const [path, output] of Object.entries(metafile.outputs)) {
    if (!output.entryPoint) continue;
    lists.set(posix.basename(path, '.js'), output.exports);
  }
  return lists;
}

/** Paths (relative to the container's root) → contents, as a mountable tree. */
export function toTree(files: Map<string, string>): ContainerTree {
  const root: ContainerTree = {};
  for (const [path, contents] of files) {
    const parts = path.split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      const node = (folder[part] ??= { directory: {} });
      if (!('directory' in node)) throw new Error(`${path}: ${part} is a file and a folder`);
      folder = node.directory;
    }
    folder[parts.at(-1)!] = { file: { contents } };
  }
  return root;
}

let runner: Promise<string> | undefined;

/**
 * The container's root `package.json` and `.nvmrc`: both ask a WebContainer for Node 22 (its default,
 * 20, cannot run `.ts`). No `"type"` here: the type stripper's CommonJS bundle sits below it.
 */
function nodeVersionFiles(): Map<string, string> {
  const manifest = { name: 'operable-lab-runtime', private: true, engines: { node: CONTAINER_NODE_VERSION } };
  return new Map([
    ['package.json', `${JSON.stringify(manifest, null, 2)}\n`],
    ['.nvmrc', `v${CONTAINER_NODE_VERSION}\n`],
  ]);
}

/** Everything the in-browser runtime mounts for `labId`. */
export async function buildContainerFiles(labId: string): Promise<Map<string, string>> {
  runner ??= bundleRunner();
  const files = new Map<string, string>([[CONTAINER_LAYOUT.runner, await runner], ...nodeVersionFiles()]);
  for (const [path, content] of await readFolder(labFolders(labId).starter)) files.set(`${CONTAINER_LAYOUT.labDir}/${path}`, content);
  for (const [path, content] of await vendorDependencies(labId)) files.set(`${CONTAINER_LAYOUT.labDir}/${path}`, content);
  return files;
}

/** Writes the container's files under `root`, as a container would have them after mounting (tests, bench). */
export async function writeContainerFiles(root: string, files: Map<string, string>): Promise<void> {
  for (const [path, content] of files) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

export async function buildContainerTree(labId: string): Promise<ContainerTree> {
  return toTree(await buildContainerFiles(labId));
}

let typeStripper: Promise<Map<string, string>> | undefined;

/**
 * The type stripper, for a container whose Node cannot run `.ts` (see node-profile.ts): amaro (the
 * stripper Node itself uses) bundled into one CommonJS file, and the load hooks that apply it. The
 * same for every lab, so it is its own download, fetched only when the preflight asks for it.
 */
export function buildTypeStripperFiles(): Promise<Map<string, string>> {
  typeStripper ??= (async () => {
    const amaro = await build({
      entryPoints: ['amaro'],
      absWorkingDir: projectRoot,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: NODE_TARGET,
      write: false,
      legalComments: 'none',
      logLevel: 'silent',
    });
    const folder = CONTAINER_LAYOUT.typeStripper;
    const hooks = join(projectRoot, 'src/container/type-stripping');
    return new Map([
      [`${folder}/amaro.cjs`, amaro.outputFiles[0]!.text],
      [`${folder}/register.mjs`, await readFile(join(hooks, 'register.mjs'), 'utf8')],
      [`${folder}/hooks.mjs`, await readFile(join(hooks, 'hooks.mjs'), 'utf8')],
    ]);
  })();
  return typeStripper;
}

