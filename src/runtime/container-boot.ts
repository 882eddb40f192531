/**
 * @module
 * Booting the WebContainer: whether this browser can, and one boot per page raced against a timeout.
 * `WebContainer.boot()` loads StackBlitz's hosted runtime; offline it neither resolves nor rejects, and
 * a second call in the same page waits on the first. So a timed-out boot is kept and waited on again
 * by "Try again", and a boot that failed can only be retried by reloading the page.
 */
import type { BootContainer, Container } from './container-api.ts';

export const DEFAULT_BOOT_TIMEOUT_MS = 25_000;

/** WebContainers' own page on browser settings that stop them (third-party cookies and storage). */
export const BROWSER_CONFIG_GUIDE = 'https://webcontainers.io/guides/browser-config';

/** A WebContainer also stops where the browser blocks third-party cookies or storage for this site. */
const BLOCKED_STORAGE = `If your browser blocks third-party cookies or storage (Brave's shields, Chrome's incognito windows, strict tracking protection), allow them for this site: see ${BROWSER_CONFIG_GUIDE}.`;
const PROGRESS_AFTER_MS = 4_000;

export type BootProblem = 'not-isolated' | 'unsupported-browser' | 'timeout' | 'failed';

/** The in-browser runtime cannot be used; `message` says why and what to do. */
export class ContainerUnavailable extends Error {
  readonly problem: BootProblem;
  constructor(problem: BootProblem, message: string) {
    super(message);
    this.name = 'ContainerUnavailable';
    this.problem = problem;
  }
}

/** What the page knows about its browser; `browserEnvironment()` reads it from the real one. */
export interface BrowserEnvironment {
  crossOriginIsolated: boolean;
  userAgent: string;
  /** navigator.userAgentData.brands, where the browser has it (Chromium-based ones do). */
  brands?: readonly string[];
}

export function browserEnvironment(): BrowserEnvironment {
  const data = (navigator as Navigator & { userAgentData?: { brands: { brand: string }[] } }).userAgentData;
  return { crossOriginIsolated: globalThis.crossOriginIsolated === true, userAgent: navigator.userAgent, brands: data?.brands.map((entry) => entry.brand) };
}

export type Support = { ok: true; note?: string } | { ok: false; problem: BootProblem; message: string };

/** Safari's version as a number (16.4), or undefined for other browsers. */
function safariVersion(userAgent: string): number | undefined {
  const match = /\bVersion\/(\d+)(?:\.(\d+))?.*\bSafari\//.exec(userAgent);
  return match ? Number(match[1]) + Number(match[2] ?? 0) / 10 : undefined;
}

/** Whether WebContainers can run in this browser: cross-origin isolation, and Chromium (Firefox and Safari in beta). */
export function webContainerSupport(environment: BrowserEnvironment): Support {
  const chromium = environment.brands?.includes('Chromium') || /\b(Chrome|Chromium|Edg)\//.test(environment.userAgent);
  const beta = /\b(Firefox|FxiOS|CriOS)\//.test(environment.userAgent) || (safariVersion(environment.userAgent) ?? 0) >= 16.4;
  if (!chromium && !beta) {
    return {
      ok: false,
      problem: 'unsupported-browser',
      message: 'The in-browser runtime needs a Chromium-based browser (Chrome, Edge, Brave, Opera); Firefox and Safari 16.4+ work in beta. Open this page in one of them, or clone the course and run it locally with `npm install && npm start`.',
    };
  }
  if (!environment.crossOriginIsolated) {
    return {
      ok: false,
      problem: 'not-isolated',
      message: 'This page is not cross-origin isolated (it was served without the COOP and COEP headers the in-browser runtime needs; see docs/hosting.md). Clone the course and run it locally with `npm install && npm start`.',
    };
  }
  return beta && !chromium ? { ok: true, note: 'WebContainers are in beta in this browser; Chromium is the supported one.' } : { ok: true };
}

export interface BootOptions {
  timeoutMs?: number;
  /** Called about every second once the boot has taken a few seconds, with the seconds waited so far. */
  onProgress?: (waitedSeconds: number) => void;
}

/** One boot per page: every caller shares it; a timed-out boot is waited on again rather than restarted. */
export class ContainerBooter {
  private readonly bootContainer: BootContainer;
  private pending: Promise<Container> | undefined;
  private failure: ContainerUnavailable | undefined;
  private startedAt = 0;

  constructor(bootContainer: BootContainer) {
    this.bootContainer = bootContainer;
  }

  /** The container, booting it on the first call. Rejects with ContainerUnavailable on timeout or failure. */
  async boot(options: BootOptions = {}): Promise<Container> {
    if (this.failure) throw this.failure;
    if (!this.pending) {
      this.startedAt = performance.now();
      this.pending = this.bootContainer().catch((error: unknown) => {
        this.failure = new ContainerUnavailable(
          'failed',
          `The in-browser runtime failed to start (${(error as Error)?.message ?? String(error)}). ${BLOCKED_STORAGE} Then reload the page to try again, or use the local runtime (\`npm start\`).`,
        );
        throw this.failure;
      });
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_BOOT_TIMEOUT_MS;
    let progress: ReturnType<typeof setInterval> | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waitStarted = performance.now();
    const firstProgress = setTimeout(() => {
      progress = setInterval(() => options.onProgress?.(Math.round((performance.now() - this.startedAt) / 1000)), 1000);
      options.onProgress?.(Math.round((performance.now() - this.startedAt) / 1000));
    }, Math.max(0, PROGRESS_AFTER_MS - (waitStarted - this.startedAt)));
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ContainerUnavailable(
              'timeout',
              `The in-browser runtime did not start within ${Math.round(timeoutMs / 1000)} s. It loads StackBlitz's WebContainer runtime from the internet: check your connection (or whether a firewall blocks stackblitz.com). ${BLOCKED_STORAGE} Then try again, reload the page, or use the local runtime (\`npm start\`).`,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.pending, timeout]);
    } finally {
      clearTimeout(firstProgress);
      clearInterval(progress);
      clearTimeout(timer);
    }
  }
}
