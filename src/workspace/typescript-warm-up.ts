/**
 * @module
 * The editor's TypeScript program, built before Monaco asks for it. Parsing and binding the lab's
 * declarations (~1.7 MB with TypeScript's own lib) is most of the time to a first diagnostic, and the
 * worker would otherwise sit idle for it: it is ready ~0.3 s after the click, Monaco's first request
 * comes ~0.3 s later, once the editor has loaded and the files exist on the page.
 *
 * So the page names the lab in the worker's name; the worker fetches the lab's files and declarations
 * itself, creates Monaco's TypeScript worker with the options and libraries the page is about to send,
 * and checks the first file. When Monaco's own start-up data arrives and matches, that worker is
 * handed over, its program already parsed and bound; its view of the files switches to Monaco's
 * (a file the learner changed, from their saved work, is parsed again: a few KB). If anything differs,
 * or the data arrives first, Monaco gets a fresh worker as it always did.
 */
import { URI } from 'monaco-editor/base/common/uri';
import { LAB_ROOT, labCompilerOptions, NODE_MODULES_ROOT } from './lab-compiler-options.ts';
import type { LabData, TypeLibrary } from './lab-data.ts';

/** The part of a Monaco mirror model the TypeScript worker reads. */
interface MirrorModel {
  readonly uri: URI;
  readonly version: number;
  getValue(): string;
}

export interface WorkerContext {
  getMirrorModels(): MirrorModel[];
  [key: string]: unknown;
}

type ExtraLibs = Record<string, { content: string; version: number }>;

/** The start-up data Monaco sends its TypeScript worker. */
export interface MonacoCreateData {
  compilerOptions: unknown;
  extraLibs: ExtraLibs;
  inlayHintsOptions?: unknown;
  customWorkerPath?: string;
}

/** What this module needs of Monaco's TypeScript worker. */
export interface TypeScriptWorkerLike {
  getSemanticDiagnostics(fileName: string): Promise<unknown[]>;
}

type Create<T> = (ctx: WorkerContext, createData: MonacoCreateData) => T;

/** The page's extra libraries as Monaco's `typescriptDefaults.setExtraLibs` stores them (first version: 1). */
function extraLibsOf(libraries: TypeLibrary[]): ExtraLibs {
  const libs: ExtraLibs = Object.create(null);
  for (const library of libraries) libs[NODE_MODULES_ROOT + library.path] = { content: library.content, version: 1 };
  return libs;
}

/** What the warmed worker is created with, besides the libraries: the page's settings as Monaco sends them. */
const WARM_SETTINGS = { compilerOptions: labCompilerOptions, inlayHintsOptions: {} };

/** Everything but the libraries, compared as Monaco would send it (an unset option and a missing one alike). */
const settingsOf = (data: MonacoCreateData) => JSON.stringify([data.compilerOptions, data.inlayHintsOptions ?? {}, data.customWorkerPath ?? null]);

function sameExtraLibs(a: ExtraLibs, b: ExtraLibs): boolean {
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  return names.every((name) => b[name]?.content === a[name]!.content);
}

/**
 * The lab's TypeScript files as the page will create them, at a version no Monaco model has (0), so
 * the real models replace them in the program without being mistaken for the same text.
 */
function starterModels(lab: LabData): MirrorModel[] {
  return lab.files
    .filter((file) => file.path.endsWith('.ts'))
    .map((file) => ({ uri: URI.parse(LAB_ROOT + file.path), version: 0, getValue: () => file.content }));
}

export class WarmUp<T extends TypeScriptWorkerLike> {
  private state: 'idle' | 'fetching' | 'ready' | 'used' = 'idle';
  private worker: T | undefined;
  private extraLibs: ExtraLibs | undefined;
  /** Monaco's context once it has sent one; until then, the starter's files. */
  private context: WorkerContext | undefined;
  private models: MirrorModel[] = [];

  private readonly create: Create<T>;
  private readonly fetchJson: (url: string) => Promise<unknown>;

  constructor(create: Create<T>, fetchJson: (url: string) => Promise<unknown>) {
    this.create = create;
    this.fetchJson = fetchJson;
  }

  /** Fetches the lab and builds its program; resolves when done (or when there is nothing to do). */
  async start(labId: string): Promise<void> {
    if (this.state !== 'idle') return;
    this.state = 'fetching';
    let lab: LabData;
    let libraries: TypeLibrary[];
    try {
      [lab, libraries] = (await Promise.all([this.fetchJson(`/labs/${labId}.json`), this.fetchJson(`/labs/${labId}/types.json`)])) as [LabData, TypeLibrary[]];
    } catch {
      return; // Monaco's own start-up is unaffected: it fetches nothing here
    }
    // Monaco started first: its worker is already built, this one would only take the thread from it.
    if (this.state !== 'fetching') return;
    this.models = starterModels(lab);
    const first = this.models[0];
    if (!first) return;
    const context: WorkerContext = { getMirrorModels: () => this.context?.getMirrorModels() ?? this.models };
    this.extraLibs = extraLibsOf(libraries);
    this.worker = this.create(context, { ...WARM_SETTINGS, extraLibs: this.extraLibs });
    this.state = 'ready';
    // Parses and binds every file, checks the one on screen first: what Monaco's first request would do.
    await this.worker.getSemanticDiagnostics(first.uri.toString()).catch(() => []);
  }

  /**
   * Monaco's start-up: the warmed worker when it was built with the same options and libraries,
   * now reading Monaco's models; a fresh one otherwise.
   */
  take(ctx: WorkerContext, createData: MonacoCreateData): T {
    const warmed =
      this.state === 'ready' && this.worker && this.extraLibs && settingsOf(createData) === settingsOf({ ...WARM_SETTINGS, extraLibs: {} }) && sameExtraLibs(this.extraLibs, createData.extraLibs);
    this.state = 'used';
    if (!warmed) return this.create(ctx, createData);
    this.context = ctx;
    return this.worker!;
  }
}
