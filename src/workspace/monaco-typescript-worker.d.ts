// The parts of Monaco's worker-side modules that typescript.worker.ts builds on: the package ships no
// declarations for them.

declare module 'monaco-editor/internal/common/initialize' {
  export function initialize(create: (ctx: unknown, createData: unknown) => unknown): void;
}

declare module 'monaco-editor/languages/features/typescript/tsWorker' {
  export interface CreateData {
    compilerOptions: Record<string, unknown>;
    extraLibs: Record<string, { content: string; version: number }>;
    customWorkerPath?: string;
    inlayHintsOptions?: Record<string, unknown>;
  }
  export interface TypeScriptWorker {
    getScriptFileNames(): string[];
    getSemanticDiagnostics(fileName: string): Promise<unknown[]>;
    getSuggestionDiagnostics(fileName: string): Promise<unknown[]>;
  }
  export function create(ctx: unknown, createData: CreateData): TypeScriptWorker;
}
