/**
 * @module
 * Which runtimes can run a lab on this page, and which one to start with: the local runtime when the
 * page was served by `npm start`, the in-browser one where the browser can host a WebContainer. The
 * learner's last choice wins where it is still available.
 */
import type { Support } from './container-boot.ts';

export type RuntimeKind = 'local' | 'webcontainer';

export interface RuntimeOption {
  kind: RuntimeKind;
  /** For the runtime menu. */
  name: string;
  available: boolean;
  /** Why it is not available, and what to do. */
  reason?: string;
  /** Worth saying even when available (a browser where WebContainers are in beta). */
  note?: string;
}

export function runtimeOptions(page: { localSecret: string | undefined; localLocked?: boolean; webContainer: Support }): RuntimeOption[] {
  return [
    {
      kind: 'local',
      name: 'Local (npm start)',
      available: page.localSecret !== undefined,
      reason: page.localLocked
        ? 'This page comes from `npm start`, but not through the link it printed: open that link (its key lets only your browser run code here, not the code you run).'
        : 'The local runtime needs the Operable server: clone the course, run `npm install && npm start` and open the link it prints.',
    },
    {
      kind: 'webcontainer',
      name: 'In the browser (WebContainer)',
      available: page.webContainer.ok,
      reason: page.webContainer.ok ? undefined : page.webContainer.message,
      note: page.webContainer.ok ? page.webContainer.note : undefined,
    },
  ];
}

/** The runtime to start with: the saved choice if still available, else local, else in-browser, else none. */
export function initialRuntime(options: readonly RuntimeOption[], saved: string | null): RuntimeKind | undefined {
  const available = options.filter((option) => option.available);
  return (available.find((option) => option.kind === saved) ?? available[0])?.kind;
}
