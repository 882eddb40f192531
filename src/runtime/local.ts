/**
 * @module
 * The local runtime: the lab runs on the learner's machine through the Operable server's API
 * (src/server/api.ts). Available when the page was served by `npm start`, which places the runtime
 * secret in the page's <meta name="operable-runtime">.
 */
import type { HttpOutcome } from '../engine/harness.ts';
import type { CheckResult, LabReport } from '../engine/report.ts';
import type { TraceSnapshot } from '../engine/traces.ts';
import type { CheckStreamItem } from './container-protocol.ts';
import type { RuntimeEvent } from './events.ts';
import { type CacheSnapshot, type EditableFiles, type LabRuntime, type RequestSettings, type RunSettings, RuntimeError, type StartOutcome } from './lab-runtime.ts';
import { readNdjson } from './ndjson.ts';

/** The secret this page was served with, or undefined when no local runtime served it. */
export function localRuntimeSecret(doc: Document = document): string | undefined {
  return doc.querySelector<HTMLMetaElement>('meta[name="operable-runtime"][content="local"]')?.dataset.secret;
}

/** Whether the page came from the Operable server, but not through the link with its launch key. */
export function localRuntimeLocked(doc: Document = document): boolean {
  return doc.querySelector('meta[name="operable-runtime"][content="local-locked"]') !== null;
}


export class LocalRuntime implements LabRuntime {
  readonly label = 'Local runtime';
  private readonly base: string;
  private readonly secret: string;
  private readonly listeners = new Set<(event: RuntimeEvent) => void>();
  private readonly events = new AbortController();

  constructor(labId: string, secret: string) {
    this.base = `/api/labs/${encodeURIComponent(labId)}`;
    this.secret = secret;
    void this.follow();
  }

  private async call(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(this.base + path, {
        ...init,
        headers: { 'Content-Type': 'application/json', 'X-Operable-Secret': this.secret, ...init.headers },
      });
    } catch {
      throw new RuntimeError('The Operable server does not answer. Is `npm start` still running?');
    }
    if (!response.ok && response.status !== 422) {
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      throw new RuntimeError(body.error ?? `The Operable server answered ${response.status}.`);
    }
    return response;
  }

  /** Follows the service's events for as long as the page lives, reconnecting after a break. */
  private async follow(): Promise<void> {
    while (!this.events.signal.aborted) {
      try {
        const response = await this.call('/events', { signal: this.events.signal });
        for await (const event of readNdjson<RuntimeEvent>(response.body!)) {
          for (const listener of this.listeners) listener(event);
        }
      } catch {
        // the server restarted or went away: try again shortly
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  async start(files: EditableFiles, run: RunSettings = {}): Promise<StartOutcome> {
    const response = await this.call('/service', { method: 'POST', body: JSON.stringify({ files, ...run }) });
    const body = (await response.json()) as { ok: boolean; message?: string };
    return body.ok ? { ok: true } : { ok: false, message: body.message ?? 'The service did not start.' };
  }

  async stop(): Promise<void> {
    await this.call('/service', { method: 'DELETE' });
  }

  async signal(signal: 'SIGTERM' | 'SIGINT'): Promise<void> {
    await this.call('/service/signal', { method: 'POST', body: JSON.stringify({ signal }) });
  }

  async request(method: string, path: string, settings: RequestSettings = {}): Promise<HttpOutcome> {
    const response = await this.call('/service/request', { method: 'POST', body: JSON.stringify({ method, path, ...settings }) });
    return (await response.json()) as HttpOutcome;
  }

  async setFake(name: string, mode: 'up' | 'down' | 'slow' | 'hanging'): Promise<void> {
    await this.call(`/fakes/${encodeURIComponent(name)}`, { method: 'POST', body: JSON.stringify({ mode }) });
  }

  async runChecks(files: EditableFiles, onResult: (result: CheckResult) => void): Promise<LabReport> {
    const response = await this.call('/checks', { method: 'POST', body: JSON.stringify({ files }) });
    for await (const item of readNdjson<CheckStreamItem>(response.body!)) {
      if (item.type === 'result') onResult(item.result);
      else if (item.type === 'report') return item.report;
      else throw new RuntimeError(item.message);
    }
    throw new RuntimeError('The check run ended without a report. Is `npm start` still running?');
  }

  async traces(): Promise<TraceSnapshot | undefined> {
    const response = await this.call('/traces');
    return ((await response.json()) as { traces: TraceSnapshot | null }).traces ?? undefined;
  }

  async cacheSnapshot(): Promise<CacheSnapshot | undefined> {
    const response = await this.call('/cache');
    return ((await response.json()) as { cache: CacheSnapshot | null }).cache ?? undefined;
  }

  async startSecondInstance(): Promise<StartOutcome> {
    const response = await this.call('/instances/B', { method: 'POST' });
    const body = (await response.json()) as { ok: boolean; message?: string };
    return body.ok ? { ok: true } : { ok: false, message: body.message ?? 'Instance B did not start.' };
  }

  async stopSecondInstance(): Promise<void> {
    await this.call('/instances/B', { method: 'DELETE' });
  }

  subscribe(listener: (event: RuntimeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.events.abort();
  }
}
