/**
 * The editor's TypeScript worker builds the lab's program before Monaco asks (typescript-warm-up.ts),
 * with Monaco's own TypeScript worker running here in Node: Monaco gets that worker when its start-up
 * data matches, with every declaration already parsed (the same source file objects), and answers
 * about the learner's files as Monaco's models hold them; anything else gets a fresh worker.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { URI } from 'monaco-editor/base/common/uri';
import { create } from 'monaco-editor/languages/features/typescript/tsWorker';
import { LAB_ROOT, labCompilerOptions, NODE_MODULES_ROOT } from '../../src/workspace/lab-compiler-options.ts';
import type { LabData, TypeLibrary } from '../../src/workspace/lab-data.ts';
import { type MonacoCreateData, WarmUp, type WorkerContext } from '../../src/workspace/typescript-warm-up.ts';
import { labIdOfWorkerName, workerNameFor } from '../../src/workspace/typescript-worker-name.ts';

const STARTER = "import { greet } from 'greeting';\nexport const hello: string = greet('learner');\n";
const lab = {
  manifest: {},
  files: [
    { path: 'src/app.ts', content: STARTER, editable: true },
    { path: 'config/default.json', content: '{}', editable: true },
  ],
  solution: {},
  checks: [],
} as unknown as LabData;
const libraries: TypeLibrary[] = [{ path: 'greeting/index.d.ts', content: 'export declare function greet(name: string): string;\n' }];

interface LanguageServiceWorker {
  getSemanticDiagnostics(fileName: string): Promise<Array<{ messageText: unknown }>>;
  getScriptFileNames(): string[];
  getLanguageService(): { getProgram(): { getSourceFile(name: string): object | undefined } };
}

const createWorker = (ctx: WorkerContext, data: MonacoCreateData) => create(ctx, data as never) as unknown as LanguageServiceWorker;

/** Monaco's start-up data as the page sends it: the same options and libraries, unless changed. */
function monacoCreateData(libs = libraries): MonacoCreateData {
  const extraLibs: MonacoCreateData['extraLibs'] = {};
  for (const library of libs) extraLibs[NODE_MODULES_ROOT + library.path] = { content: library.content, version: 1 };
  return { compilerOptions: labCompilerOptions, extraLibs, inlayHintsOptions: {} };
}

/** Monaco's worker context: its mirror models of the page's TypeScript files. */
function monacoContext(content: string): WorkerContext {
  const models = [{ uri: URI.parse(`${LAB_ROOT}src/app.ts`), version: 1, getValue: () => content }];
  return { getMirrorModels: () => models };
}

/** `createWorker`, recording what each call was given and returned. */
function counting() {
  const calls: Array<{ ctx: WorkerContext; worker: LanguageServiceWorker }> = [];
  const fn = (ctx: WorkerContext, data: MonacoCreateData) => {
    const worker = createWorker(ctx, data);
    calls.push({ ctx, worker });
    return worker;
  };
  return { calls, fn };
}

const fetchLab = async (url: string) => (url.endsWith('/types.json') ? libraries : lab);
const declaration = NODE_MODULES_ROOT + 'greeting/index.d.ts';
const appFile = `${LAB_ROOT}src/app.ts`;

test('the worker name carries the lab to warm up', () => {
  assert.equal(labIdOfWorkerName(workerNameFor('04-health')), '04-health');
  assert.equal(labIdOfWorkerName('typescript'), undefined, 'a worker Monaco starts by itself warms nothing up');
  assert.equal(labIdOfWorkerName(workerNameFor('')), undefined);
});

test('Monaco gets the warmed worker, declarations already parsed, reading its own models', async () => {
  const creating = counting();
  const warmUp = new WarmUp(creating.fn, fetchLab);
  await warmUp.start('01-configuration');
  assert.equal(creating.calls.length, 1);
  assert.deepEqual(creating.calls[0]!.ctx.getMirrorModels().map((model) => model.uri.toString()), [appFile], 'the starter TypeScript files, nothing else');

  // The learner's saved work differs from the starter: a type error the starter does not have.
  const worker = warmUp.take(monacoContext("import { greet } from 'greeting';\nexport const hello: number = greet('learner');\n"), monacoCreateData());
  assert.equal(worker, creating.calls[0]!.worker, 'the warmed worker, no second one');
  const warmedDeclaration = worker.getLanguageService().getProgram().getSourceFile(declaration);
  const errors = await worker.getSemanticDiagnostics(appFile);
  assert.deepEqual(errors.map((error) => error.messageText), ["Type 'string' is not assignable to type 'number'."]);
  assert.ok(warmedDeclaration, 'the warm-up parsed the declarations');
  assert.equal(worker.getLanguageService().getProgram().getSourceFile(declaration), warmedDeclaration, 'and Monaco’s first check reused them');
  assert.deepEqual(worker.getScriptFileNames(), [appFile, declaration]);
});

test('other options or libraries than the warm-up used get a fresh worker', async () => {
  for (const data of [
    monacoCreateData([{ path: 'greeting/index.d.ts', content: 'export declare function greet(): number;\n' }]),
    { ...monacoCreateData(), compilerOptions: { ...labCompilerOptions, strict: false } },
    { ...monacoCreateData(), inlayHintsOptions: { includeInlayParameterNameHints: 'all' } },
  ]) {
    const creating = counting();
    const warmUp = new WarmUp(creating.fn, fetchLab);
    await warmUp.start('01-configuration');
    const worker = warmUp.take(monacoContext(STARTER), data);
    assert.equal(creating.calls.length, 2);
    assert.equal(worker, creating.calls[1]!.worker, 'a fresh worker, built from Monaco’s data');
    const asMonacoAlone = createWorker(monacoContext(STARTER), data);
    const messages = async (from: LanguageServiceWorker) => (await from.getSemanticDiagnostics(appFile)).map((error) => error.messageText);
    assert.deepEqual(await messages(worker), await messages(asMonacoAlone));
  }
});

test('when Monaco starts first, the warm-up stops before building anything', async () => {
  const pending: Array<() => void> = [];
  const slowFetch = (url: string) => new Promise<unknown>((resolve) => pending.push(() => resolve(url.endsWith('/types.json') ? libraries : lab)));
  const creating = counting();
  const warmUp = new WarmUp(creating.fn, slowFetch);
  const warming = warmUp.start('01-configuration');
  warmUp.take(monacoContext(STARTER), monacoCreateData());
  for (const answer of pending) answer();
  await warming;
  assert.equal(creating.calls.length, 1, 'only Monaco’s worker was created');
});

test('a lab that cannot be fetched leaves Monaco’s start-up as it was', async () => {
  const creating = counting();
  const warmUp = new WarmUp(creating.fn, async (url) => {
    throw new Error(`${url} answered 404`);
  });
  await warmUp.start('no-such-lab');
  const worker = warmUp.take(monacoContext(STARTER), monacoCreateData());
  assert.equal(creating.calls.length, 1);
  assert.deepEqual(await worker.getSemanticDiagnostics(appFile), []);
});
