/**
 * @module
 * The parts of `@webcontainer/api` the WebContainer runtime uses, as an interface of our own: the real
 * API satisfies it (see `webcontainer-host.ts`), and a fake backed by a temporary folder and real
 * child processes drives the runtime's tests, because this machine cannot reach StackBlitz's runtime.
 */

/** A folder tree to mount, in the shape `WebContainer.mount` takes. */
export interface ContainerTree {
  [name: string]: { file: { contents: string } } | { directory: ContainerTree };
}

export interface ContainerProcess {
  /** Everything the process and its children write to their terminal, stdout and stderr together. */
  readonly output: ReadableStream<string>;
  /** The exit code, once the process ends. */
  readonly exit: Promise<number>;
  /** Ends the process; takes no signal, as in the real API. */
  kill(): void;
}

export interface ContainerFileSystem {
  writeFile(path: string, data: string): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void>;
}

export type ContainerEventMap = {
  /** A process inside started or stopped listening on a port. */
  port: (port: number, type: 'open' | 'close', url: string) => void;
  /** A server inside is ready; `url` is its preview URL, reachable from the learner's browser. */
  'server-ready': (port: number, url: string) => void;
  /** The container itself failed. */
  error: (error: { message: string }) => void;
};

export interface Container {
  readonly fs: ContainerFileSystem;
  mount(tree: ContainerTree): Promise<void>;
  spawn(command: string, args: string[], options?: { cwd?: string; env?: Record<string, string> }): Promise<ContainerProcess>;
  on<E extends keyof ContainerEventMap>(event: E, listener: ContainerEventMap[E]): () => void;
  teardown(): void;
}

/** Boots a container: `WebContainer.boot` in the browser, a temporary folder in the tests. */
export type BootContainer = () => Promise<Container>;
