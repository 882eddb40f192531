/**
 * Each lab's trimmed declarations (/labs/<id>/types.json) type-check its files as the editor does:
 * every import resolves, Node's and Hono's types are real (a misspelt method is an error), an entry
 * point the lab does not use yet is `any` rather than a false "cannot find module", and the bundle
 * is a fraction of what the editor was handed before. The lib files are the ones the editor's worker
 * ships (Monaco's, trimmed by src/build/monaco-lib-files.ts), so a lib the trim dropped fails here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { labs } from '../../labs/index.ts';
import { labTypeLibraries } from '../../src/build/lab-types.ts';
import { keepLibFiles, readLibFiles } from '../../src/build/monaco-lib-files.ts';
import { loadSubmission } from '../../src/engine/node/grade.ts';
import { labFolders, projectNodeModules } from '../../src/engine/node/project-paths.ts';
import { LAB_ROOT, labCompilerOptions, NODE_MODULES_ROOT } from '../../src/workspace/lab-compiler-options.ts';
import type { TypeLibrary } from '../../src/workspace/lab-data.ts';

/** The lib files the editor's TypeScript worker ships: Monaco's, as the build trims them. */
const monacoLibModule = readFileSync(join(projectNodeModules, 'monaco-editor/esm/vs/languages/features/typescript/lib/lib.js'), 'utf8');
const workerLibFiles = readLibFiles(keepLibFiles(monacoLibModule, labCompilerOptions.lib)!.code)!;

/** A TypeScript language service set up as Monaco's worker is: lab files and declarations as roots, under file:/// URIs. */
function editorService(labFiles: Record<string, string>, libraries: TypeLibrary[]) {
  const files = new Map<string, string>();
  for (const [path, content] of Object.entries(labFiles)) files.set(LAB_ROOT + path, content);
  for (const library of libraries) files.set(NODE_MODULES_ROOT + library.path, library.content);
  const read = (name: string) => files.get(name) ?? (name.startsWith('/lib.') ? workerLibFiles.get(name.slice(1)) : undefined);
  const options = labCompilerOptions as unknown as ts.CompilerOptions;
  const service = ts.createLanguageService({
    getScriptFileNames: () => [...files.keys()],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => {
      const text = read(name);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => '/',
    getCompilationSettings: () => options,
    getDefaultLibFileName: (settings) => `/${ts.getDefaultLibFileName(settings)}`,
    fileExists: (name) => read(name) !== undefined,
    readFile: read,
  });
  return (path: string) => service.getSemanticDiagnostics(LAB_ROOT + path).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
}

async function labFiles(labId: string, folder: 'starter' | 'solution'): Promise<Record<string, string>> {
  const lab = labs.find((candidate) => candidate.manifest.id === labId)!;
  const { files } = await loadSubmission(lab, folder === 'solution' ? labFolders(labId).solution : undefined);
  return Object.fromEntries([...files].filter(([path]) => path.startsWith('src/') && path.endsWith('.ts')));
}

for (const lab of labs) {
  const id = lab.manifest.id;
  test(`${id}: the reference type-checks with its trimmed declarations, and the starter's imports all resolve`, async () => {
    const libraries = await labTypeLibraries(id);
    for (const { path } of libraries) assert.match(path, /^(@[\w-]+\/)?[\w-]+\/[\w./-]+\.d\.ts$/, 'a path under node_modules');
    const reference = await labFiles(id, 'solution');
    const check = editorService(reference, libraries);
    for (const path of Object.keys(reference)) assert.deepEqual(check(path), [], `${path} of the reference`);
    const starter = await labFiles(id, 'starter');
    const checkStarter = editorService(starter, libraries);
    for (const path of Object.keys(starter)) {
      assert.deepEqual(checkStarter(path).filter((message) => /Cannot find (module|name)/.test(message)), [], `${path} of the starter`);
    }
  });
}

test('the declarations are real where the lab works, and loose only where it does not', async () => {
  const libraries = await labTypeLibraries('04-health');
  const check = editorService(
    {
      'src/probe.ts': [
        "import { createServer } from 'node:http';",
        "import { readFile } from 'node:fs/promises';",
        "import { Hono } from 'hono';",
        "import { logger } from 'hono/logger';",
        "import { Session } from 'node:inspector';",
        "import { connect } from 'node:http2';",
        "import { spawn } from 'node:child_process';",
        'createServer().closeAllConnectionz();',
        "const text: number = await readFile('x', 'utf8');",
        "new Hono().get('/', (c) => c.jsonn({}));",
        'logger();',
        'new Session().postt();',
        'connect().requestt();',
        'spawn().killl();',
        "process.on('SIGTERM', () => process.exitt(0));",
        "const answer = await fetch('http://127.0.0.1/'); answer.okk;",
        'document.title;',
        '',
      ].join('\n'),
    },
    libraries,
  );
  const messages = check('src/probe.ts');
  assert.ok(messages.some((m) => m.includes("Property 'closeAllConnectionz' does not exist")), messages.join('\n'));
  assert.ok(messages.some((m) => m.includes("Type 'string' is not assignable to type 'number'")), 'node:fs/promises is typed, though lab 04 does not import it');
  assert.ok(messages.some((m) => m.includes("Property 'jsonn' does not exist")), 'Hono is typed');
  assert.ok(messages.some((m) => m.includes("Property 'exitt' does not exist")), 'process is typed');
  assert.ok(messages.some((m) => m.includes("Property 'okk' does not exist on type 'Response'")), "Node's fetch is typed");
  assert.ok(messages.some((m) => m.includes("Cannot find name 'document'")), 'Node, not a browser');
  assert.ok(!messages.some((m) => m.includes('hono/logger')), 'an entry point lab 04 does not use is no false error');
  assert.ok(!messages.some((m) => /inspector|postt|http2|requestt|child_process|killl/.test(m)), 'modules left untyped (node:inspector, node:http2, node:child_process) are no false error either');
  assert.equal(messages.length, 6, messages.join('\n'));
});

test('code a service plausibly writes with Node type-checks clean: modules left untyped cause no false error through the typed ones', async () => {
  const libraries = await labTypeLibraries('03-graceful-shutdown');
  const check = editorService(
    {
      'src/service.ts': [
        "import { createServer, request, Agent, type IncomingMessage } from 'node:http';",
        "import { request as secureRequest } from 'node:https';",
        "import { createConnection, type Socket } from 'node:net';",
        "import { once, EventEmitter } from 'node:events';",
        "import { pipeline } from 'node:stream/promises';",
        "import { Readable } from 'node:stream';",
        "import { readFile, writeFile } from 'node:fs/promises';",
        "import { setTimeout as sleep } from 'node:timers/promises';",
        "import { randomUUID, createHash } from 'node:crypto';",
        "import { hostname, cpus } from 'node:os';",
        "import { fileURLToPath } from 'node:url';",
        "import { lookup } from 'node:dns/promises';",
        "import { gzipSync } from 'node:zlib';",
        "import { isMainThread } from 'node:worker_threads';",
        "import { AsyncLocalStorage } from 'node:async_hooks';",
        "import { styleText, parseArgs } from 'node:util';",
        'const server = createServer((req: IncomingMessage, res) => res.end(randomUUID()));',
        'server.listen(Number(process.env.PORT), process.env.HOST, () => process.stdout.write(`up on ${hostname()}\\n`));',
        'server.on(\'connection\', (socket: Socket) => socket.setKeepAlive(true));',
        'process.on(\'SIGTERM\', () => server.close(() => process.exit(0)));',
        'process.send?.({ ready: true });',
        'process.stderr.write(styleText(\'red\', \'x\'));',
        'const agent = new Agent({ keepAlive: true });',
        "request({ host: '127.0.0.1', agent, signal: AbortSignal.timeout(1000) }).end();",
        "secureRequest('https://example.com', { timeout: 1000 }).end();",
        "createConnection({ host: '127.0.0.1', port: 1 }).destroy();",
        "await once(new EventEmitter(), 'x');",
        "await pipeline(Readable.from(['a']), async function* (source) { for await (const chunk of source) yield chunk; });",
        "await writeFile('x', await readFile(fileURLToPath(import.meta.url), 'utf8'));",
        'await sleep(10);',
        "createHash('sha256').update(Buffer.from('x')).digest('hex');",
        'cpus().length + performance.now();',
        "(await lookup('localhost')).address;",
        "gzipSync('x').byteLength;",
        'isMainThread && parseArgs({ args: [], options: {} });',
        'new AsyncLocalStorage<string>().getStore();',
        "const answer = await fetch('http://127.0.0.1/'); await answer.json();",
        'setImmediate(() => queueMicrotask(() => structuredClone({})));',
        '',
      ].join('\n'),
    },
    libraries,
  );
  assert.deepEqual(check('src/service.ts'), []);
});

test('each lab gets a fraction of the declarations: no zod where it is not a dependency, Node docs only where imported', async () => {
  for (const id of ['03-graceful-shutdown', '04-health']) {
    const libraries = await labTypeLibraries(id);
    const size = libraries.reduce((total, library) => total + library.content.length, 0);
    assert.ok(size < 1_300_000, `${id}: ${size} characters of declarations`);
    assert.ok(!libraries.some((library) => library.path.startsWith('zod/')), `${id} has no zod`);
    const http = libraries.find((library) => library.path === '@types/node/http.d.ts')!;
    const crypto = libraries.find((library) => library.path === '@types/node/crypto.d.ts')!;
    assert.match(http.content, /\/\*\*/, 'node:http, which the lab imports, keeps its docs');
    assert.doesNotMatch(crypto.content, /\/\*\*/, 'node:crypto, which it does not, is typed without them');
    for (const module of ['inspector', 'http2', 'tls', 'test', 'child_process', 'zlib', 'vm']) {
      assert.ok(!libraries.some((library) => library.path.startsWith(`@types/node/${module}.`)), `${id}: no node:${module}, which no lab of it imports`);
    }
    assert.ok(libraries.some((library) => library.path === '@types/node/worker_threads.d.ts'), `${id}: node:worker_threads stays: its file declares globals`);
  }
  const lab01 = await labTypeLibraries('01-configuration');
  assert.ok(lab01.some((library) => library.path === 'zod/index.d.ts'), 'lab 01 validates with zod');
});
